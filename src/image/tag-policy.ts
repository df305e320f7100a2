import type { TagMutability } from '../ecr/repository.js';

/** Which tags of an ECR repository may not move (its mutability and exclusion filters). */

function matchesWildcard(pattern: string, tag: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(tag);
}

export function tagIsImmutable(policy: TagMutability, tag: string): boolean {
  const excluded = policy.exclusions.some((f) => (f.filterType ?? 'WILDCARD') === 'WILDCARD' && f.filter && matchesWildcard(f.filter, tag));
  switch (policy.mutability) {
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

export interface TagConflict {
  tag: string;
  existing: string;
}

/**
 * Tags that already exist where they cannot be moved: they are not pushed; after the build each
 * must already point at the new digest (success) or it is a conflict.
 */
export function heldTags(o: { policy: TagMutability; tags: string[]; existing: Map<string, string> }): string[] {
  return o.tags.filter((tag) => o.existing.has(tag) && tagIsImmutable(o.policy, tag));
}

export function conflicts(o: { held: string[]; existing: Map<string, string>; digest: string }): TagConflict[] {
  return o.held.filter((tag) => o.existing.get(tag) !== o.digest).map((tag) => ({ tag, existing: o.existing.get(tag)! }));
}

export function conflictMessage(o: { repository: string; digest: string; conflicts: TagConflict[]; pushed: string[] }): string {
  const list = o.conflicts.map((c) => `"${c.tag}" (${c.existing})`).join(', ');
  const what = o.conflicts.length === 1 ? 'Tag' : 'Tags';
  const verb = o.conflicts.length === 1 ? 'exists' : 'exist';
  const pushed = o.pushed.length ? ` The image was pushed as ${o.pushed.map((t) => `"${t}"`).join(', ')}.` : '';
  return (
    `${what} ${list} already ${verb} in immutable repository ${o.repository} and ${o.conflicts.length === 1 ? 'points' : 'point'} at another image than this build (${o.digest}).` +
    `${pushed} Use a tag that is new for each build (the commit SHA), or make the tag mutable.`
  );
}
