import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { ConfigurationError } from '../errors.js';
import { TOOLKIT_NAME, TOOLKIT_VERSION } from '../version.js';

/**
 * One factory for every AWS client. Region comes from the action's input or AWS_REGION /
 * AWS_DEFAULT_REGION; credentials from the SDK's default chain unless a provider is given
 * (role-to-assume); endpoints from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which the SDK
 * reads itself (that is how tests reach the simulator, exactly as users reach LocalStack).
 * Retries are the SDK's own (standard mode unless AWS_RETRY_MODE says adaptive), with more
 * attempts than the SDK's default 3 so a throttled API never ends a long wait.
 */

export interface AwsContextOptions {
  action: string;
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export interface AwsContext {
  readonly region: string;
  readonly action: string;
  client<C>(Client: new (config: any) => C, overrides?: { region?: string }): C;
}

const DEFAULT_MAX_ATTEMPTS = 10;

export function resolveRegion(explicit?: string): string {
  const region = explicit || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new ConfigurationError(
      'No AWS region: set the "aws-region" input or AWS_REGION (aws-actions/configure-aws-credentials sets it).',
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new ConfigurationError(`AWS region "${region}" is not a region name: expected something like eu-west-1.`);
  }
  return region;
}

export function createAwsContext(options: AwsContextOptions): AwsContext {
  const region = resolveRegion(options.region);
  const maxAttempts = Number(process.env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS;
  const retryMode = process.env.AWS_RETRY_MODE === 'adaptive' ? 'adaptive' : 'standard';
  const cache = new Map<unknown, unknown>();
  return {
    region,
    action: options.action,
    client<C>(Client: new (config: any) => C, overrides: { region?: string } = {}): C {
      const clientRegion = overrides.region ?? region;
      const key = `${Client.name}@${clientRegion}`;
      if (!cache.has(key)) {
        cache.set(
          key,
          new Client({
            region: clientRegion,
            maxAttempts,
            retryMode,
            customUserAgent: [
              [TOOLKIT_NAME, TOOLKIT_VERSION],
              ['action', options.action],
            ],
            ...(options.credentials ? { credentials: options.credentials } : {}),
          }),
        );
      }
      return cache.get(key) as C;
    },
  };
}
