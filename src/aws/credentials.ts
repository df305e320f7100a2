import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { ActionFailure, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { stsAssumeRole, type AssumeRole } from './assume-role.js';
import { createAwsContext } from './clients.js';

/**
 * Credentials for long waits. With a role to assume, the job's GitHub OIDC token is exchanged
 * for role credentials (STS AssumeRoleWithWebIdentity), and again before they expire: the SDK
 * calls the provider before every request once the identity carries an `expiration` within its
 * own 5-minute window (memoizeIdentityProvider in @smithy/core), so the provider keeps its own
 * cache and only goes back to STS when the credentials are near their end. Without a role, the
 * SDK's default chain is used as it is.
 */

export interface CredentialOptions {
  /** IAM role ARN; without it the SDK's default chain (env, profile, instance role) is used. */
  roleToAssume?: string;
  sessionName?: string;
  /** Requested session length; STS allows 900 up to the role's maximum. */
  durationSeconds?: number;
  region: string;
  /** The OIDC token's audience, as the IAM identity provider expects (sts.amazonaws.com). */
  audience?: string;
}

export interface CredentialDeps {
  /** Gets the job's OIDC token for an audience (src/github/oidc.ts on the runner). */
  idToken(audience: string): Promise<string>;
  /** Hides a secret from the job log (core.setSecret on the runner). */
  mask(secret: string): void;
  logger: Logger;
  /** STS exchange; built from the client factory unless given (unit tests). */
  assumeRole?: AssumeRole;
  now?: () => number;
}

export const DEFAULT_AUDIENCE = 'sts.amazonaws.com';
export const DEFAULT_SESSION_SECONDS = 3600;
/** The SDK refreshes 5 minutes before expiry; short sessions refresh after three quarters. */
const MAX_REFRESH_MARGIN_MS = 5 * 60_000;

/** A provider, or undefined for the SDK's default chain. Fails at once if the role cannot be assumed. */
export async function resolveCredentials(
  options: CredentialOptions,
  deps: CredentialDeps,
): Promise<AwsCredentialIdentityProvider | undefined> {
  if (!options.roleToAssume) return undefined;
  const provider = roleCredentialProvider(options, deps);
  const first = await provider();
  deps.logger.info(
    `Assumed role ${options.roleToAssume}` +
      (first.expiration ? ` (credentials valid until ${first.expiration.toISOString()}, refreshed before they expire)` : ''),
  );
  return provider;
}

export function roleCredentialProvider(options: CredentialOptions, deps: CredentialDeps): AwsCredentialIdentityProvider {
  const roleArn = options.roleToAssume!;
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const now = deps.now ?? Date.now;
  const assumeRole =
    deps.assumeRole ?? stsAssumeRole(createAwsContext({ action: 'credentials', region: options.region }).client(STSClient));
  let current: { identity: AwsCredentialIdentity; refreshAt: number } | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;

  const fetchFresh = async (): Promise<AwsCredentialIdentity> => {
    let token: string;
    try {
      token = await deps.idToken(audience);
    } catch (error) {
      throw new ActionFailure(`Could not get GitHub's OIDC token to assume ${roleArn}: ${describeError(error)}`);
    }
    let identity: AwsCredentialIdentity;
    try {
      identity = await assumeRole({
        roleArn,
        sessionName: options.sessionName ?? 'ecs-ship',
        durationSeconds: options.durationSeconds ?? DEFAULT_SESSION_SECONDS,
        webIdentityToken: token,
      });
    } catch (error) {
      throw new ActionFailure(`Could not assume role ${roleArn}: ${describeError(error)}`);
    }
    deps.mask(identity.secretAccessKey);
    if (identity.sessionToken) deps.mask(identity.sessionToken);
    const issuedAt = now();
    const lifetime = identity.expiration ? identity.expiration.getTime() - issuedAt : Infinity;
    const margin = Math.min(MAX_REFRESH_MARGIN_MS, lifetime / 4);
    if (current) deps.logger.info(`Refreshed the credentials of ${roleArn} (valid until ${identity.expiration?.toISOString()})`);
    current = { identity, refreshAt: identity.expiration ? identity.expiration.getTime() - margin : Infinity };
    return identity;
  };

  return async () => {
    if (current && now() < current.refreshAt) return current.identity;
    // Concurrent requests (parallel deploys) share one refresh.
    pending ??= fetchFresh().finally(() => (pending = undefined));
    try {
      return await pending;
    } catch (error) {
      // A failed refresh is not fatal while the old credentials still work; the next call retries.
      const still = current?.identity.expiration && current.identity.expiration.getTime() > now() + 1000;
      if (still && current) {
        deps.logger.warning(`${describeError(error)}; using the current credentials until they expire`);
        return current.identity;
      }
      throw error;
    }
  };
}

/**
 * Without a role: warns when the credentials in use expire before the wait may end, so a
 * timeout that outlives them is explained in advance rather than by an ExpiredToken mid-wait.
 */
export async function warnIfCredentialsExpireBefore(options: {
  credentials: AwsCredentialIdentityProvider;
  deadline: number;
  logger: Logger;
}): Promise<void> {
  let identity: AwsCredentialIdentity;
  try {
    identity = await options.credentials();
  } catch (error) {
    throw new ActionFailure(
      `No AWS credentials: set role-to-assume, or configure credentials in an earlier step (aws-actions/configure-aws-credentials). ${describeError(error)}`,
    );
  }
  if (identity.expiration && identity.expiration.getTime() < options.deadline) {
    options.logger.warning(
      `The AWS credentials expire at ${identity.expiration.toISOString()}, before the timeout ends: a long wait will fail with ExpiredToken. Set role-to-assume so the action can refresh them.`,
    );
  }
}
