import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { errorName } from '../aws/error-kind.js';
import { ActionFailure, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { canonicalTaskDefinition, registrationInput } from './task-definition/canonical.js';
import { changedFields } from './task-definition/diff.js';
import { label } from './task-definition/model.js';
import { systemClock } from '../wait/clock.js';

type Ecs = Pick<ECSClient, 'send'>;

/** How long a reference ECS does not know yet gets before it counts as missing (read lag). */
const MISSING_LOOK_AGAIN_MS = 1000;

/**
 * DescribeTaskDefinition by ARN, family:revision or family; a missing one is the user's to fix.
 * ECS's reads lag its writes, so a revision registered a moment ago (by an earlier step) may not
 * be describable yet: a miss is looked at once more before it is reported.
 */
export async function describeTaskDefinition(ecs: Ecs, reference: string, sleep = systemClock.sleep): Promise<TaskDefinition> {
  try {
    return await describeOnce(ecs, reference).catch(async (error) => {
      if (errorName(error) !== 'ClientException') throw error;
      await sleep(MISSING_LOOK_AGAIN_MS);
      return describeOnce(ecs, reference);
    });
  } catch (error) {
    // ECS answers a reference it does not know with a ClientException.
    if (errorName(error) === 'ClientException') {
      throw new ActionFailure(`Task definition "${reference}" does not exist or cannot be described: ${describeError(error)}`, {
        cause: error,
      });
    }
    throw error;
  }
}

async function describeOnce(ecs: Ecs, reference: string): Promise<TaskDefinition> {
  const answer = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference }));
  if (!answer.taskDefinition?.taskDefinitionArn) throw new Error('DescribeTaskDefinition returned no task definition');
  return answer.taskDefinition;
}

async function latestRevision(ecs: Ecs, family: string): Promise<TaskDefinition | undefined> {
  // A family without revisions is normal here (its first registration): no second look.
  return describeOnce(ecs, family).catch(() => undefined);
}

/** Thrown inside the SDK's retry loop to stop it: the revision it would register again exists. */
class AlreadyRegistered extends Error {
  constructor(readonly definition: TaskDefinition) {
    super(`already registered as ${label(definition)}`);
    this.name = 'AlreadyRegistered';
  }
}

/** ECS's reads lag its writes: a revision registered a moment ago may not be the family's latest yet. */
const LOOKS = 3;
const LOOK_INTERVAL_MS = 1000;

/**
 * RegisterTaskDefinition has no client token: when ECS applied a call but its answer was lost
 * (a 5xx or a reset connection after the commit), registering again adds a duplicate revision.
 * So before each retry the SDK would make, and after a call that failed, the family's latest
 * revision is looked at (a few times, a second apart): one equal to the definition being
 * registered is the one we registered.
 */
async function registerOnce(options: {
  ecs: Ecs;
  input: RegisterTaskDefinitionCommandInput;
  /** canonicalTaskDefinition(input) */
  wanted: string;
  logger: Logger;
  subject: string;
  sleep: (ms: number) => Promise<void>;
}): Promise<TaskDefinition> {
  const { ecs, input, wanted, logger, subject } = options;
  const registered = async (): Promise<TaskDefinition | undefined> => {
    for (let look = 1; ; look++) {
      const latest = await describeTaskDefinition(ecs, input.family!).catch((error) => {
        if (error instanceof ActionFailure) return undefined; // no revision of the family yet
        throw error;
      });
      if (latest && canonicalTaskDefinition(latest) === wanted) return latest;
      if (look === LOOKS) return undefined;
      await options.sleep(LOOK_INTERVAL_MS);
    }
  };
  const command = new RegisterTaskDefinitionCommand(input);
  let sent = false;
  // A step inside the SDK's retry loop: it runs before every attempt.
  command.middlewareStack.add(
    (next) => async (args) => {
      const found = sent ? await registered() : undefined;
      if (found) throw new AlreadyRegistered(found);
      sent = true;
      return next(args);
    },
    { step: 'deserialize', name: 'lookBeforeRegisteringAgain' },
  );
  let found: TaskDefinition | undefined;
  try {
    return (await ecs.send(command)).taskDefinition!;
  } catch (error) {
    found = error instanceof AlreadyRegistered ? error.definition : await registered().catch(() => undefined);
    if (!found) throw error;
  }
  logger.info(`${subject}: the answer to RegisterTaskDefinition was lost, but ECS registered ${label(found)}: using it`);
  return found;
}

/**
 * Read-only: the revision already saying what `document` says, among `reuse` (the one a service
 * runs) and the family's latest; `candidates` are the revisions looked at.
 */
export async function findRegistered(options: { ecs: Ecs; document: Record<string, any>; reuse?: Array<TaskDefinition | undefined> }) {
  const input = registrationInput(options.document);
  const known = options.reuse?.filter((d): d is TaskDefinition => d?.family === input.family) ?? [];
  const candidates = [...known, await latestRevision(options.ecs, input.family!)];
  const wanted = canonicalTaskDefinition(input);
  const same = candidates.find((d) => d && canonicalTaskDefinition(d) === wanted);
  return { input, wanted, known, candidates, same };
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
  logger: Logger;
  /** Who registers, for the log line ("api", "migration"). */
  subject: string;
  sleep?: (ms: number) => Promise<void>;
}): Promise<{ definition: TaskDefinition; registered: boolean }> {
  const { ecs, logger, subject } = options;
  const { input, wanted, known, candidates, same } = await findRegistered(options);
  if (same) {
    const which = known.includes(same) ? 'the running' : "the family's latest revision";
    logger.info(`${subject}: the rendered definition is identical to ${which} ${label(same)}: reusing it, not registering a new revision`);
    return { definition: same, registered: false };
  }
  const definition = await registerOnce({ ecs, input, wanted, logger, subject, sleep: options.sleep ?? systemClock.sleep });
  const base = candidates.find(Boolean);
  // Without a base, a revision above 1 means ECS did not show the earlier ones yet (read lag).
  const unseen = (definition.revision ?? 1) > 1 ? 'no earlier revision visible yet to compare with' : 'new family';
  const what = base ? `changed from ${label(base)}: ${changedFields(base, input).join(', ') || 'details'}` : unseen;
  logger.info(`${subject}: registered ${label(definition)} (${what})`);
  return { definition, registered: true };
}
