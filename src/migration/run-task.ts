import { RunTaskCommand, type ECSClient, type RunTaskCommandInput, type Task } from '@aws-sdk/client-ecs';
import { ActionFailure } from '../errors.js';
import type { Placement } from './network.js';
import { migrationClientToken } from './client-token.js';

/** The RunTask request of a migration (without its client token). */
export function buildRunTaskRequest(plan: {
  cluster: string;
  taskDefinitionArn: string;
  container: string;
  command?: string[];
  environment: Array<[string, string]>;
  placement: Placement;
  startedBy: string;
  tags: Array<[string, string]>;
}): RunTaskCommandInput {
  const override = {
    name: plan.container,
    ...(plan.command ? { command: plan.command } : {}),
    ...(plan.environment.length ? { environment: plan.environment.map(([name, value]) => ({ name, value })) } : {}),
  };
  return {
    cluster: plan.cluster,
    taskDefinition: plan.taskDefinitionArn,
    count: 1,
    startedBy: plan.startedBy,
    ...plan.placement,
    ...(plan.command || plan.environment.length ? { overrides: { containerOverrides: [override] } } : {}),
    ...(plan.tags.length ? { tags: plan.tags.map(([key, value]) => ({ key, value })) } : {}),
    // A migration is not a shell: no ECS Exec into it.
    enableExecuteCommand: false,
  };
}

/** Starts the task; RunTask's `failures` (no capacity, bad subnet...) become one clear line. */
export async function startTask(options: {
  ecs: Pick<ECSClient, 'send'>;
  request: RunTaskCommandInput;
  env?: NodeJS.ProcessEnv;
}): Promise<Task> {
  const clientToken = migrationClientToken(options.request, options.env);
  const response = await options.ecs.send(new RunTaskCommand({ ...options.request, clientToken }));
  const task = response.tasks?.[0];
  if (task?.taskArn) return task;
  const failures = (response.failures ?? []).map((f) => [f.reason, f.detail, f.arn ? `(${f.arn})` : undefined].filter(Boolean).join(' '));
  throw new ActionFailure(`RunTask started no task in cluster ${options.request.cluster}: ${failures.join('; ') || 'no failure given'}`);
}

/** How far the runner's and AWS's clocks may disagree before a task counts as started earlier. */
const EARLIER_SKEW_MS = 5_000;

/**
 * A RunTask answer with the task an earlier run of this same step started: the client token is
 * the same for the same request in one run attempt, and ECS then returns that task instead of
 * starting another. A task started for this request is never STOPPED already, nor created
 * (allowing for clock skew) before it was sent.
 */
export function isEarlierTask(task: Task, requestedAt: number): boolean {
  if (task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return true;
  return Boolean(task.createdAt && task.createdAt.getTime() < requestedAt - EARLIER_SKEW_MS);
}
