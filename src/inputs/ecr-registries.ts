import { ecrRegistryHost } from './ecr-host.js';
import { invalid } from './parse.js';

/**
 * A registry to log in to. An account ID means that account's registry in the action's region;
 * a host such as 111122223333.dkr.ecr.eu-west-1.amazonaws.com names both the account and the region.
 */
export interface RegistryRef {
  registryId: string;
  region: string;
}

const ACCOUNT_ID = /^\d{12}$/;
/** An entry as people paste it: `https://` and a trailing `/` are tolerated. */
const bareHost = (entry: string) =>
  entry
    .trim()
    .replace(/^https:\/\//, '')
    .replace(/\/+$/, '');
const EXPECTED = 'AWS account IDs (12 digits) or ECR registry hosts such as 111122223333.dkr.ecr.eu-west-1.amazonaws.com';

/** Parses one entry of a registries input. */
export function parseRegistry(input: string, entry: string, defaultRegion: string | undefined): RegistryRef {
  const text = bareHost(entry);
  if (ACCOUNT_ID.test(text)) {
    if (!defaultRegion) throw invalid(input, entry, `${EXPECTED}; an account ID needs a region (aws-region or AWS_REGION)`);
    return { registryId: text, region: defaultRegion };
  }
  const host = ecrRegistryHost(text);
  if (!host) throw invalid(input, entry, EXPECTED);
  return host;
}

/** The region of the first host entry, if any: lets a list of hosts work without aws-region. */
export function firstHostRegion(entries: string[]): string | undefined {
  return entries.map((entry) => ecrRegistryHost(bareHost(entry))).find(Boolean)?.region;
}
