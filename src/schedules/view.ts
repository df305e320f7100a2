import type { GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import type { DesiredSchedule } from './desired.js';

/** A schedule as the file describes it (or as Scheduler returns it): what is compared, and how it reads. */
export type ScheduleLike = Pick<
  GetScheduleCommandOutput,
  'ScheduleExpression' | 'ScheduleExpressionTimezone' | 'FlexibleTimeWindow' | 'State' | 'Description' | 'Target'
>;

/**
 * The fields the toolkit manages, by the names of the schedules file, each as comparable text.
 * Scheduler's own defaults are filled in, so an absent field and its default compare equal.
 */
export function scheduleView(schedule: ScheduleLike | DesiredSchedule): Record<string, string> {
  const target = schedule.Target;
  const ecs = target?.EcsParameters;
  const overrides = parseInput(target?.Input);
  const [container] = (overrides.containerOverrides as Array<Record<string, unknown>> | undefined) ?? [];
  const window = schedule.FlexibleTimeWindow;
  const text = (value: unknown) => (value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value));
  return {
    expression: text(schedule.ScheduleExpression),
    timezone: text(schedule.ScheduleExpressionTimezone ?? 'UTC'),
    'flexible-window': window?.Mode === 'FLEXIBLE' ? `${window.MaximumWindowInMinutes}m` : 'off',
    enabled: String((schedule.State ?? 'ENABLED') === 'ENABLED'),
    description: text(schedule.Description),
    cluster: text(target?.Arn),
    'task-definition': text(ecs?.TaskDefinitionArn),
    'task-count': text(ecs?.TaskCount ?? 1),
    launch: text({ type: ecs?.LaunchType, capacity: ecs?.CapacityProviderStrategy, platform: ecs?.PlatformVersion }),
    network: text(ecs?.NetworkConfiguration),
    tags: text({ managed: ecs?.EnableECSManagedTags ?? false, propagate: ecs?.PropagateTags }),
    container: text(container?.name),
    command: text(container?.command),
    environment: text(container?.environment),
    cpu: text(overrides.cpu),
    memory: text(overrides.memory),
    role: text(target?.RoleArn),
    retries: text(target?.RetryPolicy?.MaximumRetryAttempts ?? 185),
    'max-event-age': text(target?.RetryPolicy?.MaximumEventAgeInSeconds ?? 86400),
    'dead-letter-queue': text(target?.DeadLetterConfig?.Arn),
  };
}

function parseInput(input: string | undefined): Record<string, unknown> {
  if (!input) return {};
  try {
    const value = JSON.parse(input);
    return typeof value === 'object' && value !== null ? value : { raw: input };
  } catch {
    return { raw: input };
  }
}

/** The managed fields that differ, in the file's order. */
export function changedFields(current: ScheduleLike, desired: DesiredSchedule): string[] {
  const before = scheduleView(current);
  const after = scheduleView(desired);
  return Object.keys(after).filter((field) => before[field] !== after[field]);
}
