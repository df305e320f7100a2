import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type TaskDefinition } from '@aws-sdk/client-ecs';
import { ActionFailure, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { canonicalTaskDefinition, changedFields, registrationInput } from './normalize.js';
import { familyRevision } from './names.js';
import type { Ecs, ResolvedTaskDefinition, TaskDefinitionSource } from './types.js';

/** DescribeTaskDefinition by ARN, family:revision or family; a missing one is the user's to fix. */
export async function describeTaskDefinition(ecs: Ecs, reference: string): Promise<TaskDefinition> {
  try {
    const answer = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference }));
    if (!answer.taskDefinition) throw new Error('no task definition in the answer');
    return answer.taskDefinition;
  } catch (error) {
    if ((error as Error).name === 'ClientException') {
      throw new ActionFailure(`Task definition "${reference}" does not exist or cannot be described: ${describeError(error)}`);
    }
    throw error;
  }
}

/**
 * The revision to deploy. An ARN is used as it is. A rendered file is registered only when it
 * differs from what the service runs now (after normalising both); otherwise that revision is
 * reused, so re-running a deploy does not pile up identical revisions.
 */
export async function resolveTaskDefinition(options: {
  ecs: Ecs;
  service: string;
  source: TaskDefinitionSource;
  current?: TaskDefinition;
  log: Logger;
}): Promise<ResolvedTaskDefinition> {
  const { ecs, source, current, log, service } = options;
  if (source.kind === 'reference') {
    const definition = await describeTaskDefinition(ecs, source.reference);
    return { arn: definition.taskDefinitionArn!, definition, registered: false };
  }
  const input = registrationInput(source.document as Record<string, any>);
  if (current && current.family === input.family && canonicalTaskDefinition(current) === canonicalTaskDefinition(input)) {
    log.info(`${service}: ${source.path} is identical to the running ${familyRevision(current.taskDefinitionArn)}: reusing it, not registering a new revision`);
    return { arn: current.taskDefinitionArn!, definition: current, registered: false };
  }
  const answer = await ecs.send(new RegisterTaskDefinitionCommand(input));
  const definition = answer.taskDefinition!;
  const what = current
    ? current.family === input.family
      ? `changed: ${changedFields(current, input).join(', ') || 'details'}`
      : `family ${current.family} -> ${input.family}`
    : 'new';
  log.info(`${service}: registered ${familyRevision(definition.taskDefinitionArn)} (${what})`);
  return { arn: definition.taskDefinitionArn!, definition, registered: true };
}

/** "web: app:1.2 -> app:1.3" for each container whose image differs. */
export function imageChanges(before: TaskDefinition | undefined, after: TaskDefinition): string[] {
  const old = new Map((before?.containerDefinitions ?? []).map((c) => [c.name, c.image]));
  return (after.containerDefinitions ?? [])
    .filter((c) => old.get(c.name) !== c.image)
    .map((c) => `${c.name}: ${old.get(c.name) ?? '(new container)'} -> ${c.image}`);
}
