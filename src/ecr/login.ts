import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { ActionFailure, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RegionGroup } from './registries.js';
import { decodeAuthorization, type RegistryCredentials } from './token.js';

export interface LoginOptions {
  groups: RegionGroup[];
  ecr: (region: string) => ECRClient;
  /** Called with every secret before anything could print it (core.setSecret on the runner). */
  mask: (secret: string) => void;
  logger: Logger;
}

/** Gets one token per region and returns the credentials of each distinct registry host. */
export async function getRegistryCredentials(options: LoginOptions): Promise<RegistryCredentials[]> {
  const byHost = new Map<string, RegistryCredentials>();
  for (const group of options.groups) {
    const who = group.registryIds.length ? `registries ${group.registryIds.join(', ')}` : "the caller's registry";
    let data;
    try {
      const out = await options
        .ecr(group.region)
        .send(new GetAuthorizationTokenCommand(group.registryIds.length ? { registryIds: group.registryIds } : {}));
      data = out.authorizationData ?? [];
    } catch (error) {
      throw new ActionFailure(`Could not get an ECR authorization token for ${who} in ${group.region}: ${describeError(error)}`);
    }
    for (const entry of data) {
      // Mask before decoding so that not even an error about the token can show it.
      if (entry.authorizationToken) options.mask(entry.authorizationToken);
      const credentials = decodeAuthorization(entry, group.region);
      options.mask(credentials.password);
      if (!byHost.has(credentials.host)) byHost.set(credentials.host, credentials);
    }
    options.logger.info(`Got an ECR token for ${who} in ${group.region}`);
  }
  if (byHost.size === 0) throw new ActionFailure('ECR returned no authorization data.');
  return [...byHost.values()];
}
