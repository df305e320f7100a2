import type { Permissions } from './types.js';

/** Whether `permissions` grant `scope` at `level` (read or write), as GITHUB_TOKEN would. */
export function grants(permissions: Permissions, scope: string, level: 'read' | 'write'): boolean {
  if (permissions === undefined) return scope !== 'id-token'; // the default token never has id-token
  if (permissions === 'write-all') return true;
  if (permissions === 'read-all') return level === 'read';
  const granted = permissions[scope];
  return granted === 'write' || (level === 'read' && granted === 'read');
}

/** `permissions:` as evaluated: 'read-all', 'write-all', {} or scope -> level. */
export function asPermissions(value: unknown): Permissions {
  if (value === undefined || value === null) return undefined;
  if (value === 'read-all' || value === 'write-all') return value;
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  throw new Error(`invalid permissions: ${JSON.stringify(value)}`);
}
