import type { ContainerDefinition, ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import { ActionFailure } from '../errors.js';
import { describeTaskDefinition, registerUnlessUnchanged } from '../ecs/register-task-definition.js';
import type { TaskDefinitionChoice } from '../ecs/task-definition/file.js';
import { label } from '../ecs/task-definition/model.js';
import { invalidSetting } from '../inputs/setting-error.js';
import type { Logger } from '../logger.js';

/** The task definition a migration will run, known before anything is registered. */
export interface PlannedTaskDefinition {
  source: TaskDefinitionChoice;
  /** The rendered file's document, or the registered revision as described. */
  definition: TaskDefinition;
  /** How messages name it: "shop-migrate:4" or "file ecs/migrate.json". */
  name: string;
}

/**
 * Reads the task definition without changing anything: a rendered file is taken as written (it is
 * registered only once every check passed, see registerPlanned); a reference is described.
 */
export async function readTaskDefinition(options: {
  ecs: Pick<ECSClient, 'send'>;
  source: TaskDefinitionChoice;
  logger: Logger;
}): Promise<PlannedTaskDefinition> {
  const { ecs, source, logger } = options;
  if (source.kind === 'file') {
    return { source, definition: source.document as TaskDefinition, name: `file ${source.path}` };
  }
  try {
    const definition = await describeTaskDefinition(ecs, source.reference);
    logger.info(`Using task definition ${label(definition)}`);
    return { source, definition, name: label(definition) };
  } catch (error) {
    if (error instanceof ActionFailure) {
      throw invalidSetting('taskDefinition', source.reference, `a registered task definition (${(error.cause as Error).message})`);
    }
    throw error;
  }
}

/**
 * The revision to run: a rendered file is registered unless the family's latest revision is
 * identical (deploy-service then reuses the same revision); a reference is used as described.
 */
export async function registerPlanned(options: {
  ecs: Pick<ECSClient, 'send'>;
  planned: PlannedTaskDefinition;
  logger: Logger;
}): Promise<TaskDefinition> {
  const { ecs, planned, logger } = options;
  if (planned.source.kind !== 'file') return planned.definition;
  const { definition } = await registerUnlessUnchanged({ ecs, document: planned.source.document, logger, subject: 'migration' });
  return definition;
}

/** The named container, or the first essential one (containers are essential unless they say no). */
export function chooseContainer(planned: Pick<PlannedTaskDefinition, 'definition' | 'name'>, name?: string): ContainerDefinition {
  const containers = planned.definition.containerDefinitions ?? [];
  if (name) {
    const found = containers.find((c) => c.name === name);
    if (found) return found;
    const names = containers.map((c) => c.name).join(', ');
    throw invalidSetting('container', name, `a container of task definition ${planned.name} (${names})`);
  }
  const essential = containers.find((c) => c.essential !== false);
  if (!essential) throw new ActionFailure(`Task definition ${planned.name} has no essential container`);
  return essential;
}
