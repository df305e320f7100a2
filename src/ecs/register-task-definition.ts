import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type ECSClient, type TaskDefinition } from '@aws-sdk/client-ecs';
import { ActionFailure, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { canonicalTaskDefinition, changedFields, registrationInput } from './canonical-task-definition.js';
import { label } from './task-definition-file.js';

type Ecs = Pick<ECSClient, 'send'>;

/** DescribeTaskDefinition by ARN, family:revision or family; a missing one is the user's to fix. */
export async function describeTaskDefinition(ecs: Ecs, reference: string): Promise<TaskDefinition> {
  try {
    const answer = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference }));
    if (!answer.taskDefinition?.taskDefinitionArn) throw new Error('DescribeTaskDefinition returned no task definition');
    return answer.taskDefinition;
  } catch (error) {
    // ECS answers a reference it does not know with a ClientException.
    if ((error as Error).name === 'ClientException') {
      throw new ActionFailure(`Task definition "${reference}" does not exist or cannot be described: ${describeError(error)}`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function latestRevision(ecs: Ecs, family: string): Promise<TaskDefinition | undefined> {
  return describeTaskDefinition(ecs, family).catch(() => undefined);
}

/**
 * Registers a rendered definition only when no revision already says the same thing: the
 * revisions in `reuse` (the one a service runs) and the family's latest. Re-running a deploy, or
 * a migration followed by a deploy of the same file, then adds no identical revisions.
 */
export async function registerUnlessUnchanged(options: {
  ecs: Ecs;
  document: Record<string, any>;
  reuse?: Array<TaskDefinition | undefined>;
  log: Logger;
  /** Who registers, for the log line ("api", "migration"). */
  subject: string;
}): Promise<{ definition: TaskDefinition; registered: boolean }> {
  const { ecs, log, subject } = options;
  const input = registrationInput(options.document);
  const known = options.reuse?.filter((d): d is TaskDefinition => d?.family === input.family) ?? [];
  const candidates = [...known, await latestRevision(ecs, input.family!)];
  const wanted = canonicalTaskDefinition(input);
  const same = candidates.find((d) => d && canonicalTaskDefinition(d) === wanted);
  if (same) {
    const which = known.includes(same) ? 'the running' : "the family's latest revision";
    log.info(`${subject}: the rendered definition is identical to ${which} ${label(same)}: reusing it, not registering a new revision`);
    return { definition: same, registered: false };
  }
  const answer = await ecs.send(new RegisterTaskDefinitionCommand(input));
  const definition = answer.taskDefinition!;
  const base = candidates.find(Boolean);
  const what = base ? `changed from ${label(base)}: ${changedFields(base, input).join(', ') || 'details'}` : 'new family';
  log.info(`${subject}: registered ${label(definition)} (${what})`);
  return { definition, registered: true };
}
