import { DescribeTasksCommand, StopTaskCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { isTransient } from '../aws/error-kind.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { taskId } from '../ecs/names.js';
import type { LogFollower } from '../logs/follower.js';
import type { Clock } from '../wait/clock.js';
import { pollUntil } from '../wait/poll.js';

/** Fast enough to show a log line within about a second, light enough for the API (2 calls/s at most). */
export const DEFAULT_POLL_MS = 1000;
/** DescribeTasks may not see a task RunTask just started (eventual consistency). */
const MISSING_GRACE_POLLS = 10;
/** Statuses before the container runs: no log stream to read yet. */
const BEFORE_CONTAINER = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

/** 'lost': the action stopped following a task that may still run (AWS silent too long, or an error waiting cannot cure). */
export type WatchEnd = 'stopped' | 'timeout' | 'cancelled' | 'lost';

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
  /** How long AWS may go without answering before the watch ends with 'lost' (default 5m). */
  unreachableTimeoutMs?: number;
  now?: Clock['now'];
  sleep?: Clock['sleep'];
}

export interface Watched {
  /** The task as last described (just its ARN if it never was). */
  task: Task;
  end: WatchEnd;
  /** With 'lost': why the action stopped following the task. */
  lostBecause?: string;
}

/**
 * Waits for a task to stop, printing one line per status change and the container's log lines as
 * they arrive (then a final drain once STOPPED, so the last lines are not lost). Ends at STOPPED,
 * at the deadline, when `signal` aborts (the job was cancelled), or 'lost' when following the task
 * is no longer possible. AWS errors are the shared poll loop's (src/wait/poll.ts) to judge.
 */
export async function watchTask(options: WatchOptions): Promise<Watched> {
  const reporter = statusReporter(options);
  const readLogs = logReader(options.follower, options.logger);
  let missing = 0;
  let task: Task | undefined;
  const ended = await pollUntil<Watched>({
    poll: async (answered) => {
      const found = await describeTask(options);
      answered();
      if (!found) {
        if (++missing > MISSING_GRACE_POLLS) throw new Error(`Task ${options.taskArn} is not known to cluster ${options.cluster}`);
        return undefined;
      }
      task = found;
      // A status change is shown before the lines that follow it; but once STOPPED the logs are
      // drained first, so the last lines come before "STOPPED".
      const stopped = found.lastStatus === 'STOPPED';
      if (!stopped) reporter(found);
      if (!BEFORE_CONTAINER.has(found.lastStatus ?? '')) await readLogs();
      if (!stopped) return undefined;
      reporter(found);
      return { task: found, end: 'stopped' };
    },
    intervalMs: () => options.pollMs ?? DEFAULT_POLL_MS,
    deadline: options.deadline,
    subject: `Task ${taskId(options.taskArn)}`,
    logger: options.logger,
    unreachableTimeoutMs: options.unreachableTimeoutMs,
    now: options.now,
    sleep: options.sleep,
    signal: options.signal,
  });
  const last = task ?? { taskArn: options.taskArn };
  switch (ended.end) {
    case 'done':
      return ended.value;
    case 'timeout':
    case 'cancelled':
      return { task: last, end: ended.end };
    case 'unreachable':
      return { task: last, end: 'lost', lostBecause: ended.reason };
    case 'failed':
      return { task: last, end: 'lost', lostBecause: describeError(ended.error) };
  }
}

/**
 * The step's one line when the action lost track of a task: what happened, that the task was
 * left alone, and where to follow it.
 */
export function lostTaskLine(options: { taskArn: string; lostBecause?: string; logUrl?: string }): string {
  const where = options.logUrl ? `; logs: ${options.logUrl}` : '';
  return (
    `migration: lost track of task ${options.taskArn}: ${options.lostBecause ?? 'unknown reason'}; ` +
    `the task was not stopped and may still be running${where}`
  );
}

/** Stops a task, saying why (the reason shows in the console and in DescribeTasks). */
export async function stopTask(options: { ecs: Pick<ECSClient, 'send'>; cluster: string; taskArn: string; reason: string }): Promise<void> {
  await options.ecs.send(new StopTaskCommand({ cluster: options.cluster, task: options.taskArn, reason: options.reason.slice(0, 255) }));
}

async function describeTask(options: WatchOptions): Promise<Task | undefined> {
  const { tasks } = await options.ecs.send(new DescribeTasksCommand({ cluster: options.cluster, tasks: [options.taskArn] }));
  return tasks?.find((t) => t.taskArn === options.taskArn) ?? tasks?.[0];
}

/**
 * Reads new log lines. A failure to read logs is a warning, never the end of the migration: a
 * transient one (AWS throttling or not answering) is said once and reading goes on next poll;
 * any other stops the reading.
 */
function logReader(follower: LogFollower | undefined, logger: Logger): () => Promise<void> {
  let following = follower;
  let transientSaid = false;
  return async () => {
    if (!following) return;
    try {
      await following.poll();
      transientSaid = false;
    } catch (error) {
      if (isTransient(error)) {
        if (!transientSaid) logger.warning(`Cannot read the migration's logs for now (${describeError(error)}); trying again`);
        transientSaid = true;
        return;
      }
      logger.warning(`Cannot read the migration's logs, waiting without them: ${describeError(error)}`);
      following = undefined;
    }
  };
}

function statusReporter(options: WatchOptions): (task: Task) => void {
  let last = '';
  const id = taskId(options.taskArn);
  return (task) => {
    const status = task.lastStatus ?? 'UNKNOWN';
    if (status === last) return;
    last = status;
    const detail =
      status === 'STOPPED' && (task.stopCode || task.stoppedReason)
        ? ` (${[task.stopCode, task.stoppedReason].filter(Boolean).join(': ')})`
        : '';
    options.logger.info(`Task ${id}: ${status}${detail}`);
  };
}
