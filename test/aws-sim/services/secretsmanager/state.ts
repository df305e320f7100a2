import { randomBytes } from 'node:crypto';
import type { World } from '../../world.js';

/** Secrets Manager state. Values are held only so the simulator is realistic; no handler returns them. */
export interface SecretRecord {
  name: string;
  arn: string;
  /** A secret lives in one region, as in AWS: other regions do not find it. */
  region: string;
  value: string;
  createdDate: number;
  description?: string;
  tags: Array<{ Key: string; Value: string }>;
}

export interface SecretsState {
  secrets: Map<string, SecretRecord>;
}

export const secretsState = (world: World): SecretsState => world.stateOf('secretsmanager', () => ({ secrets: new Map() }));

/** Secrets are keyed by region and name. */
const key = (region: string, name: string) => `${region}|${name}`;

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** AWS appends "-" and 6 random characters to a secret's name in its ARN. */
function randomSuffix(): string {
  return [...randomBytes(6)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

/** Creates (or replaces the value of) a secret; returns its ARN. */
export function putSecret(world: World, secret: { name: string; value: string; region?: string; description?: string }): string {
  const state = secretsState(world);
  const region = secret.region ?? 'us-east-1';
  const existing = state.secrets.get(key(region, secret.name));
  if (existing) {
    existing.value = secret.value;
    return existing.arn;
  }
  const arn = `arn:aws:secretsmanager:${region}:${world.accountId}:secret:${secret.name}-${randomSuffix()}`;
  state.secrets.set(key(region, secret.name), {
    name: secret.name,
    arn,
    region,
    value: secret.value,
    createdDate: Date.now() / 1000,
    description: secret.description,
    tags: [],
  });
  return arn;
}

/**
 * Finds a secret as SecretId is resolved: by name, full ARN, or partial ARN (the ARN without
 * the random suffix).
 */
export function findSecret(world: World, secretId: string, region = 'us-east-1'): SecretRecord | undefined {
  const state = secretsState(world);
  if (!secretId.startsWith('arn:')) return state.secrets.get(key(region, secretId));
  return secretsIn(world, region).find((s) => s.arn === secretId || s.arn.slice(0, -7) === secretId);
}

export const secretsIn = (world: World, region: string): SecretRecord[] =>
  [...secretsState(world).secrets.values()].filter((s) => s.region === region);
