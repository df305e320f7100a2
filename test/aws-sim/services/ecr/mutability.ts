import { AwsError } from '../../errors.js';

/**
 * Image tag mutability with exclusions (API_ImageTagMutabilityExclusionFilter): with
 * IMMUTABLE_WITH_EXCLUSION tags matching a filter stay mutable, with MUTABLE_WITH_EXCLUSION they
 * are the immutable ones. Filters are WILDCARD patterns of [0-9a-zA-Z._*-]{1,128}.
 */
export type TagMutability = 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';
export const MUTABILITY: readonly TagMutability[] = ['MUTABLE', 'IMMUTABLE', 'MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'];

export interface ExclusionFilter {
  filterType: 'WILDCARD';
  filter: string;
}

const FILTER = /^[0-9a-zA-Z._*-]{1,128}$/;

export function checkExclusionFilters(mutability: TagMutability, filters: unknown): ExclusionFilter[] | undefined {
  const withExclusion = mutability.endsWith('_WITH_EXCLUSION');
  if (filters === undefined || (Array.isArray(filters) && !filters.length)) {
    if (withExclusion)
      throw new AwsError(
        'InvalidParameterException',
        `imageTagMutabilityExclusionFilters are required with imageTagMutability ${mutability}.`,
      );
    return undefined;
  }
  if (!Array.isArray(filters)) throw new AwsError('ValidationException', "Value at 'imageTagMutabilityExclusionFilters' must be a list.");
  for (const f of filters as ExclusionFilter[]) {
    if (f?.filterType !== 'WILDCARD') {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${f?.filterType}' at 'imageTagMutabilityExclusionFilters.member.filterType' failed to satisfy constraint: Member must satisfy enum value set: [WILDCARD]`,
      );
    }
    if (typeof f.filter !== 'string' || !FILTER.test(f.filter)) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${f.filter}' at 'imageTagMutabilityExclusionFilters.member.filter' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z._*-]{1,128}$`,
      );
    }
  }
  return filters as ExclusionFilter[];
}

const wildcard = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** Whether an existing `tag` may not be moved to another image in a repository with these settings. */
export function isTagImmutable(repo: { imageTagMutability: TagMutability; exclusionFilters?: ExclusionFilter[] }, tag: string): boolean {
  const excluded = (repo.exclusionFilters ?? []).some((f) => wildcard(f.filter).test(tag));
  switch (repo.imageTagMutability) {
    case 'IMMUTABLE':
      return true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !excluded;
    case 'MUTABLE_WITH_EXCLUSION':
      return excluded;
    default:
      return false;
  }
}
