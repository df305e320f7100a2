import type { Service, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { awslogsLocation } from '../ecs/awslogs.js';
import { taskId } from '../ecs/names.js';
import { stoppedTasks } from '../ecs/stopped-tasks.js';
import { containerLines, pickContainer, stopCause } from '../ecs/task-report.js';
import { lastLogLines } from '../logs/tail.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../wait/clock.js';
import { summarizeTaskFailures } from './task-failure.js';
import type { Ecs, Logs } from './types.js';
import { isFailedTask } from './watch-state.js';

/**
 * Why a deployment failed, gathered after the fact: the stopped tasks of the new revision (stop
 * code, reason, each container's exit code), the last log lines of the failed container, the
 * last service events. Printed for the person reading the log; the summary goes in the error line.
 */
export interface Diagnosis {
  /** "3 tasks exited with code 1 (container web)", or undefined when no task stopped. */
  tasks?: string;
  logLines: string[];
}

const TASKS_SHOWN = 3;
const LOG_LINES = 20;
const EVENTS_SHOWN = 5;

export async function diagnose(options: {
  ecs: Ecs;
  logs(region: string): Logs;
  cluster: string;
  serviceName: string;
  taskDefinition: TaskDefinition;
  /** The failing deployment: its own tasks tell the story, however many others stopped. */
  deploymentId?: string;
  service?: Service;
  /** Events from before the deployment: not repeated. */
  priorEventIds?: ReadonlySet<string>;
  region: string;
  logger: Logger;
  /** For the wait on a crashed container's last lines still being ingested. */
  clock?: Clock;
}): Promise<Diagnosis> {
  const { logger, serviceName } = options;
  let tasks: Task[] = [];
  try {
    tasks = await stoppedTasks({
      ecs: options.ecs,
      cluster: options.cluster,
      service: serviceName,
      taskDefinitionArn: options.taskDefinition.taskDefinitionArn ?? '',
      deploymentId: options.deploymentId,
    });
  } catch (error) {
    logger.warning(`${serviceName}: could not list the stopped tasks: ${describeError(error)}`);
  }
  const failed = tasks.filter(isFailedTask);
  const shown = failed.length ? failed : tasks;
  for (const task of shown.slice(0, TASKS_SHOWN)) {
    logger.info(`${serviceName}: task ${taskId(task.taskArn ?? '')} ${stopCause(task)}`);
    logger.info(`  stop code ${task.stopCode ?? 'none'}: ${task.stoppedReason ?? 'no reason given'}`);
    for (const line of containerLines(task)) logger.info(`  ${line}`);
  }
  if (shown.length > TASKS_SHOWN) logger.info(`${serviceName}: ... and ${shown.length - TASKS_SHOWN} more stopped tasks`);

  const logLines = shown.length ? await lastLines({ ...options, task: shown[0] }) : [];
  const events = (options.service?.events ?? [])
    .filter((e) => !e.id || !options.priorEventIds?.has(e.id))
    .slice(0, EVENTS_SHOWN)
    .reverse();
  if (events.length) {
    logger.info(`${serviceName}: last service events:`);
    for (const event of events) logger.info(`  ${event.createdAt?.toISOString() ?? ''} ${event.message ?? ''}`);
  }
  return { tasks: summarizeTaskFailures(failed.length ? failed : tasks), logLines };
}

async function lastLines(options: {
  logs(region: string): Logs;
  task: Task;
  taskDefinition: TaskDefinition;
  region: string;
  serviceName: string;
  logger: Logger;
  clock?: Clock;
}): Promise<string[]> {
  const { task, logger } = options;
  const container = pickContainer(task);
  const definition = options.taskDefinition.containerDefinitions?.find((c) => c.name === container?.name);
  const location = definition && task.taskArn ? awslogsLocation(definition, task.taskArn, options.region) : undefined;
  if (!location) return [];
  try {
    const lines = await lastLogLines({
      logs: options.logs(location.region),
      location,
      limit: LOG_LINES,
      stoppedAt: task.stoppedAt,
      clock: options.clock,
    });
    if (lines.length) {
      logger.info(`${options.serviceName}: last log lines of container ${container?.name} (task ${taskId(task.taskArn!)}):`);
      for (const line of lines) logger.untrusted(`  ${line}`);
    }
    return lines;
  } catch (error) {
    logger.warning(`${options.serviceName}: could not read the logs of ${location.group}/${location.stream}: ${describeError(error)}`);
    return [];
  }
}
