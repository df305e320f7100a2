import { DescribeTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import type { Logger } from '../logger.js';
import { taskId } from '../ecs/names.js';
import type { Clock } from '../wait/clock.js';
import { findStartedTasks, type TaskFinder } from './find-task.js';
import type { MigrationOutcome } from './outcome.js';
import { stopTask } from './watch.js';

/** How long the post step looks for a task whose RunTask was in flight when main was killed. */
export const FIND_WAIT_MS = 60_000;

/** What the main step saved for the post step. */
export interface SavedMigration {
  outcome?: MigrationOutcome;
  cluster?: string;
  taskArn?: string;
  finder?: TaskFinder;
}

/** Why the post step stops a task, by what main last saved (absent: the post step leaves it). */
const STOP_BECAUSE: Partial<Record<MigrationOutcome, string>> = {
  starting: 'the job ended while RunTask was starting it',
  watching: 'the job ended before it finished',
  cancelled: 'the job was cancelled',
  timeout: 'it did not finish within the timeout',
};

export type Cleanup =
  | { kind: 'nothing' }
  | { kind: 'leave'; line: string }
  | { kind: 'stop'; cluster: string; taskArn: string; because: string }
  | { kind: 'find'; finder: TaskFinder; because: string };

/**
 * The post step's rule: stop a task only when the job was cancelled (main saw the signal, or never
 * finished because it was killed) or the action's own timeout passed. A task main gave up
 * following (a monitoring failure) is left running; so is everything after a finished main.
 */
export function cleanupFor(saved: SavedMigration): Cleanup {
  const { outcome, cluster, taskArn, finder } = saved;
  if (outcome === 'gave-up') {
    return taskArn
      ? { kind: 'leave', line: `Left migration task ${taskId(taskArn)} running: the step stopped following it, not the migration` }
      : { kind: 'nothing' };
  }
  const because = outcome && STOP_BECAUSE[outcome];
  if (!because || !cluster) return { kind: 'nothing' };
  if (taskArn) return { kind: 'stop', cluster, taskArn, because };
  return finder ? { kind: 'find', finder, because } : { kind: 'nothing' };
}

/** Carries out a 'stop' or 'find' cleanup: stops the task unless it is already stopping. */
export async function stopUnfinishedMigration(options: {
  ecs: Pick<ECSClient, 'send'>;
  cleanup: Extract<Cleanup, { kind: 'stop' | 'find' }>;
  logger: Logger;
  clock?: Clock;
  findWaitMs?: number;
}): Promise<'stopped' | 'already-stopped' | 'not-found' | 'ambiguous'> {
  const { ecs, cleanup, logger } = options;
  if (cleanup.kind === 'stop') {
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: cleanup.cluster, tasks: [cleanup.taskArn] }));
    return stopIfRunning({
      ecs,
      cluster: cleanup.cluster,
      task: tasks?.[0] ?? { taskArn: cleanup.taskArn },
      because: cleanup.because,
      logger,
    });
  }
  const { finder } = cleanup;
  logger.info(`Main was killed while RunTask was in flight: looking for the task it started (startedBy ${finder.startedBy})`);
  const found = await findStartedTasks({ ecs, finder, waitMs: options.findWaitMs ?? FIND_WAIT_MS, clock: options.clock });
  if (!found.length) {
    logger.info(`No migration task was started in cluster ${finder.cluster}: nothing to stop`);
    return 'not-found';
  }
  if (found.length > 1) {
    // Identical migrations started together by other jobs look the same: stop none rather than a stranger's.
    logger.warning(
      `Several tasks match the migration RunTask was starting, so none was stopped: ${found.map((t) => t.taskArn).join(', ')}`,
    );
    return 'ambiguous';
  }
  return stopIfRunning({ ecs, cluster: finder.cluster, task: found[0], because: cleanup.because, logger });
}

async function stopIfRunning(options: {
  ecs: Pick<ECSClient, 'send'>;
  cluster: string;
  task: Task;
  because: string;
  logger: Logger;
}): Promise<'stopped' | 'already-stopped'> {
  const { ecs, cluster, task, because, logger } = options;
  const taskArn = task.taskArn!;
  const status = task.lastStatus;
  if (status === 'STOPPED' || task.desiredStatus === 'STOPPED') {
    logger.info(`Migration task ${taskId(taskArn)} is already ${status === 'STOPPED' ? 'stopped' : 'stopping'}`);
    return 'already-stopped';
  }
  await stopTask({ ecs, cluster, taskArn, reason: `Stopped by ecs-ship: ${because}` });
  logger.warning(`Stopped migration task ${taskId(taskArn)} (${status ?? 'unknown'}): ${because}`);
  return 'stopped';
}
