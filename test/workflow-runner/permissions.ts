import type { Permissions } from './types.js';

/**
 * GITHUB_TOKEN permissions: what a job is granted (its own `permissions:`, else its workflow's,
 * else, in a called workflow, the calling job's, else the repository default), and the check
 * GitHub makes before calling a workflow: no nested job may ask for more than the caller grants.
 */
export type Grant = Exclude<Permissions, undefined>;

/** GitHub's default for new repositories and organisations ("read repository contents and packages"). */
export const RESTRICTED_DEFAULT: Grant = { contents: 'read', packages: 'read', metadata: 'read' };

/** Every GITHUB_TOKEN scope a job can be granted. */
export const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
];
const RANK: Record<string, number> = { none: 0, read: 1, write: 2 };

export function levelOf(grant: Grant, scope: string): string {
  if (grant === 'write-all') return 'write';
  if (grant === 'read-all') return scope === 'id-token' ? 'none' : 'read';
  return grant[scope] ?? (scope === 'metadata' ? 'read' : 'none');
}

/** What a job without any `permissions:` gets: the repository default. */
export function defaultGrant(setting: 'restricted' | 'permissive' | undefined): Grant {
  return setting === 'permissive' ? 'write-all' : RESTRICTED_DEFAULT;
}

/** Whether `permissions` grant `scope` at `level`; undefined means the repository default. */
export function grants(permissions: Permissions, scope: string, level: 'read' | 'write'): boolean {
  return RANK[levelOf(permissions ?? RESTRICTED_DEFAULT, scope)] >= RANK[level];
}

/** The first scope `requested` asks for beyond `granted`, in GitHub's words; undefined when within. */
export function exceeds(job: string, requested: Grant, granted: Grant): string | undefined {
  for (const scope of SCOPES) {
    const asked = levelOf(requested, scope);
    const allowed = levelOf(granted, scope);
    if (RANK[asked] > RANK[allowed])
      return `The nested job '${job}' is requesting '${scope}: ${asked}', but is only allowed '${scope}: ${allowed}'.`;
  }
  return undefined;
}

/** `permissions:` as evaluated: 'read-all', 'write-all', {} or scope -> level. */
export function asPermissions(value: unknown): Permissions {
  if (value === undefined || value === null) return undefined;
  if (value === 'read-all' || value === 'write-all') return value;
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  throw new Error(`invalid permissions: ${JSON.stringify(value)}`);
}
