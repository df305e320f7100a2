import type { ContainerDefinition, ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import { ActionFailure } from '../errors.js';
import { describeTaskDefinition, registerUnlessUnchanged } from '../ecs/register-task-definition.js';
import { label, type TaskDefinitionSource } from '../ecs/task-definition-file.js';
import { invalid } from '../inputs/parse.js';
import type { Logger } from '../logger.js';

/**
 * The task definition the migration runs: a rendered file is registered unless the family's
 * latest revision is identical (deploy-service then reuses the same revision); a reference is
 * described as it is.
 */
export async function resolveTaskDefinition(options: {
  ecs: Pick<ECSClient, 'send'>;
  source: TaskDefinitionSource;
  logger: Logger;
}): Promise<TaskDefinition> {
  const { ecs, source, logger } = options;
  if (source.kind === 'file') {
    const { definition } = await registerUnlessUnchanged({ ecs, document: source.document, log: logger, subject: 'migration' });
    return definition;
  }
  try {
    const definition = await describeTaskDefinition(ecs, source.reference);
    logger.info(`Using task definition ${label(definition)}`);
    return definition;
  } catch (error) {
    if (error instanceof ActionFailure) {
      throw invalid('task-definition', source.reference, `a registered task definition (${(error.cause as Error).message})`);
    }
    throw error;
  }
}

/** The named container, or the first essential one (containers are essential unless they say no). */
export function chooseContainer(taskDefinition: TaskDefinition, name?: string): ContainerDefinition {
  const containers = taskDefinition.containerDefinitions ?? [];
  if (name) {
    const found = containers.find((c) => c.name === name);
    if (found) return found;
    const names = containers.map((c) => c.name).join(', ');
    throw invalid('container', name, `a container of task definition ${label(taskDefinition)} (${names})`);
  }
  const essential = containers.find((c) => c.essential !== false);
  if (!essential) throw new Error(`Task definition ${label(taskDefinition)} has no essential container`);
  return essential;
}
