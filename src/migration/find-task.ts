import { createHash } from 'node:crypto';
import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type RunTaskCommandInput, type Task } from '@aws-sdk/client-ecs';
import { systemClock, type Clock } from '../wait/clock.js';
import { stableJson } from './client-token.js';

/**
 * What finds the task of a RunTask whose answer never came (the runner killed the step while
 * RunTask was in flight): saved before RunTask, read by the post step. DescribeTasks does not show
 * the client token, so the task is recognised by what the request set: startedBy, the revision,
 * the container's overrides (as a hash: environment values are not saved), and a creation time no
 * earlier than the request.
 */
export interface TaskFinder {
  cluster: string;
  startedBy: string;
  taskDefinitionArn: string;
  container: string;
  /** Hash of the container's command and environment overrides. */
  overrides: string;
  /** Epoch ms just before RunTask was sent. */
  requestedAt: number;
}

/** How much earlier than the request (clock skew between runner and AWS) a task may say it was created. */
const SKEW_MS = 5_000;
/** ListTasks pages read at most (100 tasks each). */
const MAX_PAGES = 5;

export function taskFinder(request: RunTaskCommandInput, requestedAt: number): TaskFinder {
  const override = request.overrides?.containerOverrides?.[0];
  const container = override?.name ?? '';
  return {
    cluster: request.cluster!,
    startedBy: request.startedBy!,
    taskDefinitionArn: request.taskDefinition!,
    container,
    overrides: overridesHash(override),
    requestedAt,
  };
}

function overridesHash(override?: { command?: string[]; environment?: Array<{ name?: string; value?: string }> }): string {
  const command = override?.command?.length ? override.command : undefined;
  const environment = override?.environment?.length ? override.environment.map((e) => [e.name, e.value]) : undefined;
  return createHash('sha256').update(stableJson({ command, environment })).digest('hex').slice(0, 32);
}

/** Does this task look like the one the finder describes? */
export function matchesFinder(task: Task, finder: TaskFinder): boolean {
  if (task.startedBy !== finder.startedBy || task.taskDefinitionArn !== finder.taskDefinitionArn) return false;
  if (!task.createdAt || task.createdAt.getTime() < finder.requestedAt - SKEW_MS) return false;
  const override = task.overrides?.containerOverrides?.find((o) => o.name === finder.container);
  return overridesHash(override) === finder.overrides;
}

/**
 * The not-yet-stopped tasks that match the finder, looking again until `waitMs` passed while none
 * shows (RunTask may still be starting it, and ListTasks lags).
 */
export async function findStartedTasks(options: {
  ecs: Pick<ECSClient, 'send'>;
  finder: TaskFinder;
  waitMs: number;
  pollMs?: number;
  clock?: Clock;
}): Promise<Task[]> {
  const clock = options.clock ?? systemClock;
  const until = clock.now() + options.waitMs;
  for (;;) {
    const found = (await runningTasks(options.ecs, options.finder)).filter((task) => matchesFinder(task, options.finder));
    if (found.length || clock.now() >= until) return found;
    await clock.sleep(Math.min(options.pollMs ?? 2_000, Math.max(0, until - clock.now())));
  }
}

async function runningTasks(ecs: Pick<ECSClient, 'send'>, finder: TaskFinder): Promise<Task[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await ecs.send(
      new ListTasksCommand({ cluster: finder.cluster, startedBy: finder.startedBy, desiredStatus: 'RUNNING', nextToken }),
    );
    arns.push(...(answer.taskArns ?? []));
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const answer = await ecs.send(new DescribeTasksCommand({ cluster: finder.cluster, tasks: arns.slice(i, i + 100) }));
    tasks.push(...(answer.tasks ?? []));
  }
  return tasks;
}
