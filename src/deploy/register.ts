import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { Logger } from '../logger.js';
import { describeTaskDefinition, findRegistered, registerUnlessUnchanged } from '../ecs/register-task-definition.js';
import type { Ecs, ResolvedTaskDefinition, TaskDefinitionChoice } from './types.js';

/**
 * The revision to deploy. An ARN is used as it is. A rendered file is registered only when it
 * differs from what the service runs now and from the family's latest revision (after
 * normalising); otherwise that revision is reused.
 */
export async function resolveTaskDefinition(options: {
  ecs: Ecs;
  service: string;
  source: TaskDefinitionChoice;
  current?: TaskDefinition;
  logger: Logger;
}): Promise<ResolvedTaskDefinition> {
  const { ecs, source, current, logger, service } = options;
  if (source.kind === 'reference') {
    const definition = await describeTaskDefinition(ecs, source.reference);
    return { arn: definition.taskDefinitionArn!, definition, registered: false };
  }
  const { definition, registered } = await registerUnlessUnchanged({
    ecs,
    document: source.document as Record<string, any>,
    reuse: [current],
    logger,
    subject: service,
  });
  return { arn: definition.taskDefinitionArn!, definition, registered };
}

/**
 * Read-only: the ARN of the revision resolveTaskDefinition would use without registering, or
 * undefined when it would register a new one.
 */
export async function existingRevisionArn(options: {
  ecs: Ecs;
  source: TaskDefinitionChoice;
  current?: TaskDefinition;
}): Promise<string | undefined> {
  const { ecs, source } = options;
  if (source.kind === 'reference') return (await describeTaskDefinition(ecs, source.reference)).taskDefinitionArn;
  const { same } = await findRegistered({ ecs, document: source.document as Record<string, any>, reuse: [options.current] });
  return same?.taskDefinitionArn;
}

/** "web: app:1.2 -> app:1.3" for each container whose image differs. */
export function imageChanges(before: TaskDefinition | undefined, after: TaskDefinition): string[] {
  const old = new Map((before?.containerDefinitions ?? []).map((c) => [c.name, c.image]));
  return (after.containerDefinitions ?? [])
    .filter((c) => old.get(c.name) !== c.image)
    .map((c) => `${c.name}: ${old.get(c.name) ?? '(new container)'} -> ${c.image}`);
}
