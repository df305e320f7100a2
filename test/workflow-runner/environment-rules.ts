import type { EnvironmentSettings } from './types.js';

/**
 * An environment's protection before its job starts: deployment branch and tag rules (checked
 * against the ref the run is on, not any input; a pull request's refs/pull/N/merge matches no
 * branch rule) and the required reviewer's answer. Returns why the job may not run, or undefined.
 */
function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export function refusal(name: string, settings: EnvironmentSettings, ref: string): string | undefined {
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  const tag = /^refs\/tags\/(.+)$/.exec(ref)?.[1];
  if (settings.branches || settings.tags) {
    const allowed =
      (branch !== undefined && (settings.branches ?? []).some((p) => globToRegExp(p).test(branch))) ||
      (tag !== undefined && (settings.tags ?? []).some((p) => globToRegExp(p).test(tag)));
    if (!allowed) {
      const kind = tag !== undefined ? 'Tag' : 'Branch';
      const shown = tag ?? branch ?? ref;
      return `${kind} "${shown}" is not allowed to deploy to ${name} due to environment protection rules.`;
    }
  }
  if (settings.approve === false) return `Deployment to environment '${name}' was rejected by a reviewer`;
  return undefined;
}
