import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECSClient, Task } from '@aws-sdk/client-ecs';
import { ActionFailure } from '../errors.js';
import type { Logger } from '../logger.js';
import { awslogsLocation, logStreamConsoleUrl, taskId, whyNoAwslogs } from '../ecs/awslogs.js';
import { LogFollower } from '../logs/follower.js';
import { formatCommand } from './command.js';
import { checkPlacement, resolvePlacement } from './network.js';
import { buildRunTaskRequest, startTask } from './run-task.js';
import type { MigrationSettings } from './settings.js';
import { label } from '../ecs/task-definition-file.js';
import { chooseContainer, resolveTaskDefinition } from './task-definition.js';
import { formatDuration } from '../format.js';
import { migrationVerdict } from './verdict.js';
import { stopTask, watchTask, type WatchEnd } from './watch.js';

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
  /** Called once RunTask returned a task (save it for the post step, set outputs). */
  onStarted?: (started: StartedMigration) => void;
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a migration as a one-off ECS task, follows its logs, and says how it ended. */
export async function runMigration(settings: MigrationSettings, deps: MigrationDeps): Promise<MigrationResult> {
  const { ecs, logger } = deps;
  const taskDefinition = await resolveTaskDefinition({ ecs, source: settings.taskDefinition, logger });
  const container = chooseContainer(taskDefinition, settings.container);
  const placement = await resolvePlacement({ ecs, cluster: settings.cluster, network: settings.network, logger });
  checkPlacement(placement, taskDefinition);
  const request = buildRunTaskRequest({
    cluster: settings.cluster,
    taskDefinitionArn: taskDefinition.taskDefinitionArn!,
    container: container.name!,
    command: settings.command,
    environment: settings.environment,
    placement,
    startedBy: settings.startedBy,
    tags: settings.tags,
  });
  if (deps.signal?.aborted) throw new ActionFailure('migration cancelled with the job before it started');

  const shown = settings.command ? formatCommand(settings.command) : "the image's own command";
  logger.info(`Running ${shown} in container ${container.name} of ${label(taskDefinition)} on cluster ${settings.cluster}`);
  if (settings.environment.length) logger.info(`Environment overrides: ${settings.environment.map(([k]) => k).join(', ')}`);
  const started = Date.now();
  const task = await startTask({ ecs, request, env: deps.env });
  const taskArn = task.taskArn!;
  const location = awslogsLocation(container, taskArn, deps.region);
  const logUrl = location && logStreamConsoleUrl(location);
  logger.info(`Started task ${taskId(taskArn)}${logUrl ? `; logs: ${logUrl}` : ''}`);
  if (!location) logger.warning(`No live logs for the migration: ${whyNoAwslogs(container)}.`);
  deps.onStarted?.({ taskArn, cluster: settings.cluster, logUrl });

  const follower = location
    ? new LogFollower({ logs: deps.logs(location.region), location, onLine: (line) => logger.untrusted(line) })
    : undefined;
  const watch = { ecs, cluster: settings.cluster, taskArn, logger, follower, pollMs: deps.pollMs };
  const watched = await watchTask({ ...watch, deadline: started + settings.timeoutMs, signal: deps.signal });
  const { end } = watched;
  let last = watched.task;

  if (end === 'cancelled') {
    await stopTask({ ecs, cluster: settings.cluster, taskArn, reason: 'Stopped by ecs-ship: the GitHub Actions job was cancelled' });
    logger.info(`Stopped task ${taskId(taskArn)}: the job was cancelled`);
  } else if (end === 'timeout') {
    const timeout = formatDuration(settings.timeoutMs);
    logger.info(`The migration did not finish within ${timeout} (task ${last.lastStatus ?? 'unknown'}): stopping it`);
    await stopTask({ ecs, cluster: settings.cluster, taskArn, reason: `Stopped by ecs-ship: the migration did not finish within ${timeout}` });
    last = await waitForStop(watch, deps.signal, last);
  }

  const lastLines = follower?.lastLines(LAST_LINES) ?? [];
  const verdict = migrationVerdict({
    task: last,
    container: container.name!,
    end,
    lastLines,
    timeout: formatDuration(settings.timeoutMs),
  });
  if (verdict.failure && lastLines.length && end !== 'cancelled') {
    // Printed live already, but far above: repeated next to the error, where people look.
    await logger.group(`Last ${lastLines.length} log lines of container ${container.name}`, async () =>
      lastLines.forEach((line) => logger.untrusted(line)),
    );
  }
  return {
    taskArn,
    taskDefinition: label(taskDefinition),
    container: container.name!,
    command: settings.command,
    exitCode: verdict.exitCode,
    logUrl,
    lastLines,
    durationMs: Date.now() - started,
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
  const { task, end } = await watchTask({ ...watch, deadline: Date.now() + STOP_WAIT_MS, signal });
  return end === 'stopped' ? task : { ...fallback, ...task };
}
