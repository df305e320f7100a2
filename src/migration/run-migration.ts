import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECSClient, Task } from '@aws-sdk/client-ecs';
import { ActionFailure } from '../errors.js';
import type { Logger } from '../logger.js';
import { awslogsLocation, logStreamConsoleUrl, whyNoAwslogs } from '../ecs/awslogs.js';
import { taskId } from '../ecs/names.js';
import { LogFollower } from '../logs/follower.js';
import type { MigrationRecord } from './outcome.js';
import { planMigration } from './plan.js';
import type { MigrationSettings } from './settings.js';
import { label } from '../ecs/task-definition/model.js';
import { startMigration } from './start.js';
import { formatDuration } from '../format.js';
import { migrationVerdict } from './verdict.js';
import { lostTaskLine, stopTask, watchTask, type WatchEnd } from './watch.js';
import { systemClock, type Clock } from '../wait/clock.js';

/** After StopTask on a timeout, how long to wait for STOPPED (to report and drain the last lines). */
const STOP_WAIT_MS = 60_000;
const LAST_LINES = 20;

export interface MigrationResult {
  taskArn: string;
  taskDefinition: string;
  container: string;
  command?: string[];
  exitCode?: number;
  logUrl?: string;
  lastLines: string[];
  durationMs: number;
  end: WatchEnd;
  /** The one line the step fails with; undefined on success. */
  failure?: string;
}

export interface StartedMigration {
  taskArn: string;
  cluster: string;
  logUrl?: string;
}

export interface MigrationDeps {
  ecs: Pick<ECSClient, 'send'>;
  /** A CloudWatch Logs client for the region the container logs to. */
  logs: (region: string) => Pick<CloudWatchLogsClient, 'send'>;
  region: string;
  logger: Logger;
  /** Aborts when the job is cancelled: the task is stopped before returning. */
  signal?: AbortSignal;
  /** Called once RunTask returned a task (set outputs). */
  onStarted?: (started: StartedMigration) => void;
  /** Called each time the outcome changes, first just before RunTask (save it for the post step). */
  record?: (record: MigrationRecord) => void;
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
}

/**
 * Runs a migration as a one-off ECS task, follows its logs, and says how it ended. Plans first
 * (read-only: every input AWS can refute is checked), then acts (register, RunTask, follow).
 */
export async function runMigration(settings: MigrationSettings, deps: MigrationDeps): Promise<MigrationResult> {
  const { ecs, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const record = deps.record ?? (() => undefined);
  const plan = await planMigration(settings, deps);
  if (deps.signal?.aborted) throw new ActionFailure('migration cancelled with the job before it started');

  const { task, definition, container, requestedAt } = await startMigration({ ecs, plan, settings, logger, clock, record, env: deps.env });
  const taskArn = task.taskArn!;
  const cluster = settings.cluster;
  const location = awslogsLocation(container, taskArn, deps.region);
  const logUrl = location && logStreamConsoleUrl(location);
  logger.info(`Started task ${taskId(taskArn)}${logUrl ? `; logs: ${logUrl}` : ''}`);
  if (!location) logger.warning(`No live logs for the migration: ${whyNoAwslogs(container)}.`);
  deps.onStarted?.({ taskArn, cluster, logUrl });
  record({ outcome: 'watching', cluster, taskArn });

  const follower = location
    ? new LogFollower({ logs: deps.logs(location.region), location, onLine: (line) => logger.untrusted(line) })
    : undefined;
  const watch = {
    ecs,
    cluster,
    taskArn,
    logger,
    follower,
    pollMs: deps.pollMs,
    unreachableTimeoutMs: settings.unreachableTimeoutMs,
    now: clock.now,
    sleep: clock.sleep,
  };
  const watched = await watchTask({ ...watch, deadline: requestedAt + settings.timeoutMs, signal: deps.signal });
  const { end } = watched;
  let last = watched.task;

  if (end === 'stopped') {
    record({ outcome: 'finished', cluster, taskArn });
  } else if (end === 'lost') {
    // A monitoring failure never stops a migration: the post step leaves this task running.
    record({ outcome: 'gave-up', cluster, taskArn });
  } else if (end === 'cancelled') {
    record({ outcome: 'cancelled', cluster, taskArn });
    await stopTask({ ecs, cluster, taskArn, reason: 'Stopped by ecs-ship: the GitHub Actions job was cancelled' });
    record({ outcome: 'finished', cluster, taskArn });
    logger.info(`Stopped task ${taskId(taskArn)}: the job was cancelled`);
  } else {
    const timeout = formatDuration(settings.timeoutMs);
    record({ outcome: 'timeout', cluster, taskArn });
    logger.info(`The migration did not finish within ${timeout} (task ${last.lastStatus ?? 'unknown'}): stopping it`);
    await stopTask({ ecs, cluster, taskArn, reason: `Stopped by ecs-ship: the migration did not finish within ${timeout}` });
    record({ outcome: 'finished', cluster, taskArn });
    last = await waitForStop(watch, deps.signal, last);
  }

  const lastLines = follower?.lastLines(LAST_LINES) ?? [];
  const verdict =
    end === 'lost'
      ? { failure: lostTaskLine({ taskArn, lostBecause: watched.lostBecause, logUrl }), exitCode: undefined }
      : migrationVerdict({ task: last, container: container.name!, end, lastLines, timeout: formatDuration(settings.timeoutMs) });
  if (verdict.failure && lastLines.length && end !== 'cancelled') {
    // Printed live already, but far above: repeated next to the error, where people look.
    await logger.group(`Last ${lastLines.length} log lines of container ${container.name}`, async () =>
      lastLines.forEach((line) => logger.untrusted(line)),
    );
  }
  return {
    taskArn,
    taskDefinition: label(definition),
    container: container.name!,
    command: settings.command,
    exitCode: verdict.exitCode,
    logUrl,
    lastLines,
    durationMs: clock.now() - requestedAt,
    end,
    failure: verdict.failure,
  };
}

/** Follows a task we asked to stop until it is STOPPED (or a minute passes), so its state is final. */
async function waitForStop(
  watch: Omit<Parameters<typeof watchTask>[0], 'deadline' | 'signal'>,
  signal: AbortSignal | undefined,
  fallback: Task,
): Promise<Task> {
  const { task, end } = await watchTask({ ...watch, deadline: (watch.now ?? Date.now)() + STOP_WAIT_MS, signal });
  return end === 'stopped' ? task : { ...fallback, ...task };
}
