import { randomBytes } from 'node:crypto';
import type { World } from '../../world.js';

/**
 * STS and the OIDC stand-in: the sessions STS handed out (so the server can reject a request
 * signed with an expired session key, as AWS does) and the secrets the stand-in signs with.
 */
export interface StsSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  roleArn: string;
  sessionName: string;
}

export interface StsState {
  sessions: Map<string, StsSession>;
  /** Overrides DurationSeconds for every new session (seconds), so tests can outlive credentials. */
  lifetimeSeconds?: number;
  /** The bearer token the runner gives the job (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string;
  /** Key the stand-in signs web identity tokens with, and STS verifies them with. */
  signingKey: Buffer;
  /** Audiences the simulated identity provider accepts (the IAM OIDC provider's client IDs). */
  audiences: string[];
  /** Lifetime of issued web identity tokens, seconds (GitHub's are valid for about 5 minutes). */
  tokenLifetimeSeconds: number;
}

export const stsState = (world: World): StsState =>
  world.stateOf('sts', () => ({
    sessions: new Map(),
    requestToken: `sim-oidc-request-${randomBytes(8).toString('hex')}`,
    signingKey: randomBytes(32),
    audiences: ['sts.amazonaws.com'],
    tokenLifetimeSeconds: 300,
  }));
