import type { ContainerDefinition, ECSClient, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { taskId } from '../ecs/names.js';
import { label } from '../ecs/task-definition/model.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../wait/clock.js';
import { formatCommand } from './command.js';
import { taskFinder } from './find-task.js';
import type { MigrationRecord } from './outcome.js';
import type { MigrationPlan } from './plan.js';
import { buildRunTaskRequest, isEarlierTask, startTask } from './run-task.js';
import type { MigrationSettings } from './settings.js';
import { chooseContainer, registerPlanned } from './task-definition.js';

export interface StartedTask {
  task: Task;
  definition: TaskDefinition;
  container: ContainerDefinition;
  /** When RunTask was sent (the timeout counts from here). */
  requestedAt: number;
}

/**
 * The first half of acting on a plan: registers a rendered file (unless identical to the latest
 * revision) and runs the task. What finds the task is saved before RunTask, so a runner killed
 * while RunTask is in flight leaves the post step able to find and stop it.
 */
export async function startMigration(options: {
  ecs: Pick<ECSClient, 'send'>;
  plan: MigrationPlan;
  settings: MigrationSettings;
  logger: Logger;
  clock: Clock;
  record: (record: MigrationRecord) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<StartedTask> {
  const { ecs, plan, settings, logger, record } = options;
  const definition = await registerPlanned({ ecs, planned: plan.taskDefinition, logger });
  const container = chooseContainer({ definition, name: label(definition) }, plan.container.name);
  const request = buildRunTaskRequest({
    cluster: settings.cluster,
    taskDefinitionArn: definition.taskDefinitionArn!,
    container: container.name!,
    command: settings.command,
    environment: settings.environment,
    placement: plan.placement,
    startedBy: settings.startedBy,
    tags: settings.tags,
  });
  const shown = settings.command ? formatCommand(settings.command) : "the image's own command";
  logger.info(`Running ${shown} in container ${container.name} of ${label(definition)} on cluster ${settings.cluster}`);
  if (settings.environment.length) logger.info(`Environment overrides: ${settings.environment.map(([k]) => k).join(', ')}`);

  const requestedAt = options.clock.now();
  record({ outcome: 'starting', cluster: settings.cluster, finder: taskFinder(request, requestedAt) });
  let task: Task;
  try {
    task = await startTask({ ecs, request, env: options.env });
  } catch (error) {
    // The step fails on this error; whatever RunTask may have started is not the post step's to stop.
    record({ outcome: 'gave-up', cluster: settings.cluster });
    throw error;
  }
  if (isEarlierTask(task, requestedAt)) {
    const when = task.createdAt ? `, started ${task.createdAt.toISOString()}` : '';
    logger.warning(
      `This step already ran in this run attempt: RunTask (same client token) returned its task ${taskId(task.taskArn!)}${when}; reporting that task rather than running the migration again`,
    );
  }
  return { task, definition, container, requestedAt };
}
