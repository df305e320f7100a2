import { DescribeTasksCommand, StopTaskCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import type { Logger } from '../logger.js';
import { taskId } from '../ecs/awslogs.js';
import type { LogFollower } from '../logs/follower.js';

/** Fast enough to show a log line within about a second, light enough for the API (2 calls/s at most). */
export const DEFAULT_POLL_MS = 1000;
/** DescribeTasks may not see a task RunTask just started (eventual consistency). */
const MISSING_GRACE_POLLS = 10;
/** Statuses before the container runs: no log stream to read yet. */
const BEFORE_CONTAINER = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

export type WatchEnd = 'stopped' | 'timeout' | 'cancelled';

export interface WatchOptions {
  ecs: Pick<ECSClient, 'send'>;
  cluster: string;
  taskArn: string;
  logger: Logger;
  /** Follows the container's log stream while the task runs; absent when there is no awslogs. */
  follower?: LogFollower;
  /** Epoch ms after which the watch ends with 'timeout'. */
  deadline: number;
  signal?: AbortSignal;
  pollMs?: number;
}

/**
 * Waits for a task to stop, printing one line per status change and the container's log lines as
 * they arrive (then a final drain once STOPPED, so the last lines are not lost). Ends at STOPPED,
 * at the deadline, or when `signal` aborts (the job was cancelled).
 */
export async function watchTask(options: WatchOptions): Promise<{ task: Task; end: WatchEnd }> {
  const reporter = statusReporter(options);
  let logs = options.follower;
  let missing = 0;
  let task: Task | undefined;
  for (;;) {
    if (options.signal?.aborted) return { task: task ?? { taskArn: options.taskArn }, end: 'cancelled' };
    task = await describeTask(options);
    if (!task) {
      if (++missing > MISSING_GRACE_POLLS) throw new Error(`Task ${options.taskArn} is not known to cluster ${options.cluster}`);
    } else {
      // A status change is shown before the lines that follow it; but once STOPPED the logs are
      // drained first, so the last lines come before "STOPPED".
      const stopped = task.lastStatus === 'STOPPED';
      if (!stopped) reporter(task);
      if (logs && !BEFORE_CONTAINER.has(task.lastStatus ?? '')) logs = await readLogs(logs, options.logger);
      if (stopped) {
        reporter(task);
        return { task, end: 'stopped' };
      }
    }
    if (Date.now() >= options.deadline) return { task: task ?? { taskArn: options.taskArn }, end: 'timeout' };
    await sleep(Math.min(options.pollMs ?? DEFAULT_POLL_MS, Math.max(0, options.deadline - Date.now())), options.signal);
  }
}

/** Stops a task, saying why (the reason shows in the console and in DescribeTasks). */
export async function stopTask(options: {
  ecs: Pick<ECSClient, 'send'>;
  cluster: string;
  taskArn: string;
  reason: string;
}): Promise<void> {
  await options.ecs.send(
    new StopTaskCommand({ cluster: options.cluster, task: options.taskArn, reason: options.reason.slice(0, 255) }),
  );
}

async function describeTask(options: WatchOptions): Promise<Task | undefined> {
  const { tasks } = await options.ecs.send(new DescribeTasksCommand({ cluster: options.cluster, tasks: [options.taskArn] }));
  return tasks?.find((t) => t.taskArn === options.taskArn) ?? tasks?.[0];
}

/** Reads new log lines; a failure to read logs is a warning, never the end of the migration. */
async function readLogs(follower: LogFollower, logger: Logger): Promise<LogFollower | undefined> {
  try {
    await follower.poll();
    return follower;
  } catch (error) {
    logger.warning(`Cannot read the migration's logs, waiting without them: ${(error as Error).name}: ${(error as Error).message}`);
    return undefined;
  }
}

function statusReporter(options: WatchOptions): (task: Task) => void {
  let last = '';
  const id = taskId(options.taskArn);
  return (task) => {
    const status = task.lastStatus ?? 'UNKNOWN';
    if (status === last) return;
    last = status;
    const detail = status === 'STOPPED' && (task.stopCode || task.stoppedReason) ? ` (${[task.stopCode, task.stoppedReason].filter(Boolean).join(': ')})` : '';
    options.logger.info(`Task ${id}: ${status}${detail}`);
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
