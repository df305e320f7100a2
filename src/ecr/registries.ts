import type { RegistryRef } from '../inputs/ecr-registries.js';

/** ECR tokens are per region: the registries to log in to, grouped by region. */
export interface RegionGroup {
  region: string;
  /** Empty: the caller's own registry (GetAuthorizationToken without registryIds). */
  registryIds: string[];
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
