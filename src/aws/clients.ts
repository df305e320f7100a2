import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { ConfigurationError } from '../errors.js';
import { quoted } from '../inputs/parse.js';
import { resolveRegion } from '../inputs/region.js';
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

/** The region rule lives with the other input rules; re-exported for the actions that read it from here. */
export { resolveRegion };

/** AWS_MAX_ATTEMPTS and AWS_RETRY_MODE, read strictly: a typo is an error, never a silent default. */
function retrySettings(env: NodeJS.ProcessEnv): { maxAttempts: number; retryMode: 'standard' | 'adaptive' } {
  const attempts = env.AWS_MAX_ATTEMPTS?.trim() || String(DEFAULT_MAX_ATTEMPTS);
  const maxAttempts = Number(attempts);
  if (!/^\d+$/.test(attempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw new ConfigurationError(
      `AWS_MAX_ATTEMPTS has value "${quoted(env.AWS_MAX_ATTEMPTS ?? '')}": expected a whole number of attempts from 1 to 100.`,
    );
  }
  const mode = env.AWS_RETRY_MODE?.trim().toLowerCase() || 'standard';
  if (mode !== 'standard' && mode !== 'adaptive') {
    throw new ConfigurationError(`AWS_RETRY_MODE has value "${quoted(env.AWS_RETRY_MODE ?? '')}": expected standard or adaptive.`);
  }
  return { maxAttempts, retryMode: mode };
}

export function createAwsContext(options: AwsContextOptions): AwsContext {
  const region = resolveRegion(options.region);
  const { maxAttempts, retryMode } = retrySettings(process.env);
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
