import type { CreateScheduleCommandInput, EcsParameters, Target } from '@aws-sdk/client-scheduler';
import type { Job } from './job.js';

/**
 * The complete schedule a job should be, in Scheduler's shape. UpdateSchedule replaces the whole
 * schedule (an omitted field falls back to its default), so this is always sent whole.
 */
export type DesiredSchedule = Omit<CreateScheduleCommandInput, 'ClientToken'> & { Name: string; GroupName: string; Target: Target };

/** Where the job's tasks run: the service's launch and network settings unless the job sets its own network. */
export interface RunSettings {
  clusterArn: string;
  launchType?: string;
  capacityProviderStrategy?: Array<{ capacityProvider?: string; weight?: number; base?: number }>;
  platformVersion?: string;
  network?: { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean };
}

/** Ends the Description of every schedule the toolkit creates: what it may update or delete. */
export const MANAGED_MARK = 'managed by ecs-ship';

export const isManaged = (description: string | undefined) => Boolean(description?.endsWith(MANAGED_MARK));

export function desiredSchedule(job: Job, options: { group: string; taskDefinitionArn: string; run: RunSettings }): DesiredSchedule {
  const { run } = options;
  const network = job.network ?? run.network;
  const ecs: EcsParameters = {
    TaskDefinitionArn: options.taskDefinitionArn,
    TaskCount: job.taskCount,
    ...(run.capacityProviderStrategy?.length
      ? {
          CapacityProviderStrategy: run.capacityProviderStrategy.map((s) => ({
            capacityProvider: s.capacityProvider!,
            weight: s.weight,
            base: s.base,
          })),
        }
      : { LaunchType: (run.launchType ?? 'FARGATE') as EcsParameters['LaunchType'] }),
    ...(run.platformVersion ? { PlatformVersion: run.platformVersion } : {}),
    ...(network
      ? {
          NetworkConfiguration: {
            awsvpcConfiguration: {
              Subnets: network.subnets,
              SecurityGroups: network.securityGroups,
              AssignPublicIp: network.assignPublicIp ? 'ENABLED' : 'DISABLED',
            },
          },
        }
      : {}),
    EnableECSManagedTags: true,
    PropagateTags: 'TASK_DEFINITION',
  };
  const overrides = taskOverrides(job);
  return {
    Name: job.name,
    GroupName: options.group,
    ScheduleExpression: job.expression,
    ScheduleExpressionTimezone: job.timezone,
    FlexibleTimeWindow: job.flexibleWindowMinutes
      ? { Mode: 'FLEXIBLE', MaximumWindowInMinutes: job.flexibleWindowMinutes }
      : { Mode: 'OFF' },
    State: job.enabled ? 'ENABLED' : 'DISABLED',
    Description: job.description ? `${job.description} (${MANAGED_MARK})` : MANAGED_MARK,
    ActionAfterCompletion: 'NONE',
    Target: {
      Arn: run.clusterArn,
      RoleArn: job.role,
      EcsParameters: ecs,
      Input: JSON.stringify(overrides),
      RetryPolicy: { MaximumRetryAttempts: job.retries, MaximumEventAgeInSeconds: job.maxEventAgeSeconds },
      ...(job.deadLetterQueue ? { DeadLetterConfig: { Arn: job.deadLetterQueue } } : {}),
    },
  };
}

/** RunTask overrides: the job's command and environment in its container, cpu and memory for the task. */
function taskOverrides(job: Job): Record<string, unknown> {
  const container = {
    name: job.container,
    ...(job.command ? { command: job.command } : {}),
    ...(job.environment.length ? { environment: job.environment } : {}),
  };
  return {
    containerOverrides: [container],
    ...(job.cpu ? { cpu: job.cpu } : {}),
    ...(job.memory ? { memory: job.memory } : {}),
  };
}
