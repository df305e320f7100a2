import { createHash, randomUUID } from 'node:crypto';
import { compactSortedJson } from '../ecs/task-definition/json.js';

/** RunTask accepts client tokens of up to 64 characters. */
const MAX_LENGTH = 64;

/**
 * A RunTask client token that is the same for the same request in the same step of the same run
 * attempt: a retried RunTask (by the SDK, or by a step restarted on the runner) returns the task
 * already started instead of starting the migration twice. A re-run of the workflow (a new attempt)
 * gets a new token. The run's identity (GITHUB_RUN_ID...) is read with the inputs and passed in;
 * without it there is no run to key on, so the token is random
 * (still one per invocation, which covers the SDK's retries).
 */
export function migrationClientToken(request: unknown, env: Readonly<Record<string, string | undefined>> = {}): string {
  if (!env.GITHUB_RUN_ID) return randomUUID();
  const run = [env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT ?? '1', env.GITHUB_JOB, env.GITHUB_ACTION];
  const hash = createHash('sha256').update(run.join('\n')).update('\n').update(stableJson(request)).digest('hex');
  return `ecs-ship-${hash}`.slice(0, MAX_LENGTH);
}

/** JSON with object keys sorted, so the same request always hashes the same. */
export const stableJson = (value: unknown): string => compactSortedJson(value) ?? 'null';
