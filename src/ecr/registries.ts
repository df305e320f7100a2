import { invalid } from '../inputs/parse.js';

/**
 * The registries to log in to. ECR tokens are per region, so entries are grouped by region:
 * an account ID means that account's registry in the action's region; a host such as
 * 111122223333.dkr.ecr.eu-west-1.amazonaws.com names both the account and the region.
 */
export interface RegistryRef {
  registryId: string;
  region: string;
}

export interface RegionGroup {
  region: string;
  /** Empty: the caller's own registry (GetAuthorizationToken without registryIds). */
  registryIds: string[];
}

const ACCOUNT_ID = /^\d{12}$/;
// Commercial, FIPS and China partitions (.amazonaws.com.cn).
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
const EXPECTED =
  'AWS account IDs (12 digits) or ECR registry hosts such as 111122223333.dkr.ecr.eu-west-1.amazonaws.com';

/** Parses one entry of the `registries` input (`https://` and a trailing `/` are tolerated). */
export function parseRegistry(input: string, entry: string, defaultRegion: string | undefined): RegistryRef {
  const text = entry.trim().replace(/^https:\/\//, '').replace(/\/+$/, '');
  if (ACCOUNT_ID.test(text)) {
    if (!defaultRegion) throw invalid(input, entry, `${EXPECTED}; an account ID needs a region (aws-region or AWS_REGION)`);
    return { registryId: text, region: defaultRegion };
  }
  const host = ECR_HOST.exec(text.toLowerCase());
  if (!host) throw invalid(input, entry, EXPECTED);
  return { registryId: host[1], region: host[2] };
}

/** The region of the first host entry, if any: lets a list of hosts work without aws-region. */
export function firstHostRegion(entries: string[]): string | undefined {
  for (const entry of entries) {
    const host = ECR_HOST.exec(entry.trim().replace(/^https:\/\//, '').replace(/\/+$/, '').toLowerCase());
    if (host) return host[2];
  }
  return undefined;
}

/** One GetAuthorizationToken call per region, each with its distinct registry IDs, in input order. */
export function groupByRegion(refs: RegistryRef[]): RegionGroup[] {
  const groups = new Map<string, Set<string>>();
  for (const ref of refs) {
    if (!groups.has(ref.region)) groups.set(ref.region, new Set());
    groups.get(ref.region)!.add(ref.registryId);
  }
  return [...groups].map(([region, ids]) => ({ region, registryIds: [...ids] }));
}
