import { isMapping } from '@actions/workflow-parser';
import { oidcEnv as simulatorOidcEnv } from '../aws-sim/services/sts/oidc.js';
import type { World } from '../aws-sim/world.js';
import { asString, evaluateToken, type Contexts } from './expressions.js';
import { field } from './load.js';
import type { JobLeg } from './job.js';
import type { JobResult } from './types.js';

/** What a job is before it runs: its contexts, concurrency, environment name, OIDC endpoint. */

export function jobContexts(leg: JobLeg): Contexts {
  const { frame } = leg;
  return {
    github: { ...frame.run.github, job: leg.job.id.value },
    vars: frame.run.options.vars ?? {},
    secrets: frame.secrets,
    inputs: frame.inputs,
    needs: leg.needs,
    matrix: leg.matrix,
    strategy: leg.strategy,
    env: frame.env,
  };
}

export function concurrencyOf(token: ReturnType<typeof field>, contexts: Contexts): JobResult['concurrency'] {
  if (!token) return undefined;
  const value = evaluateToken(token, contexts);
  if (typeof value === 'string') return { group: value, cancelInProgress: false };
  const mapping = value as { group?: unknown; 'cancel-in-progress'?: unknown };
  return { group: asString(mapping.group), cancelInProgress: mapping['cancel-in-progress'] === true };
}

/** The environment's name (its url is evaluated after the steps, when `steps` exists). */
export function environmentOf(token: ReturnType<typeof field>, contexts: Contexts): { name: string } | undefined {
  if (!token) return undefined;
  const name = asString(evaluateToken(isMapping(token) ? field(token, 'name') : token, contexts));
  return name ? { name } : undefined;
}

/**
 * ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN of a job with `id-token: write`: the GitHub stand-in's
 * endpoint (tokens with this job's claims), else the AWS simulator's own (fixed claims).
 */
export function idTokenEnv(leg: JobLeg, claims: Record<string, string>): Record<string, string> {
  const { options } = leg.frame.run;
  if (options.github?.oidcEnv) return options.github.oidcEnv(claims);
  return options.aws ? simulatorOidcEnv(options.aws as { url: string; world: World }) : {};
}
