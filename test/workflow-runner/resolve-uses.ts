import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobScope } from './run-state.js';
import type { ActionHandler } from './types.js';

/**
 * What a step's `uses:` names, resolved as the runner resolves it:
 * - `./path`: the workspace (after a checkout), as GitHub does;
 * - `$/path`: the repository of the workflow (or composite) at the running commit
 *   (job.workflow_repository @ job.workflow_sha; inside a remote composite, that composite's repo@ref);
 * - `owner/repo[/path]@ref`: a stand-in registered for owner/repo, else the repository source.
 */
export type ResolvedUses =
  | { kind: 'stand-in'; name: string; handler: ActionHandler }
  | { kind: 'action'; dir: string; repository: string; ref: string; self: { name: string; ref: string } };

export class UsesError extends Error {}

export function parseRemote(uses: string): { owner: string; repo: string; path: string; ref: string } | undefined {
  const match = /^([^/@\s]+)\/([^/@\s]+)((?:\/[^@\s]+)?)@(.+)$/.exec(uses);
  if (!match) return undefined;
  return { owner: match[1], repo: match[2], path: match[3].replace(/^\//, ''), ref: match[4] };
}

function actionDir(dir: string, uses: string): string {
  if (existsSync(join(dir, 'action.yml')) || existsSync(join(dir, 'action.yaml'))) return dir;
  throw new UsesError(`Can't find 'action.yml', 'action.yaml' or 'Dockerfile' for action '${uses}'.`);
}

export function resolveUses(scope: JobScope, uses: string, self: { name: string; ref: string }): ResolvedUses {
  const run = scope.frame.run;
  if (uses.startsWith('docker://')) throw new UsesError(`docker:// actions are not supported by the test runner: ${uses}`);
  if (uses.startsWith('./')) {
    return {
      kind: 'action',
      dir: actionDir(join(scope.workspace, uses), uses),
      repository: '',
      ref: '',
      self: { name: scope.frame.repo.name, ref: scope.frame.repo.sha },
    };
  }
  if (uses.startsWith('$/')) {
    const path = uses.slice(2);
    const repo = run.repositories.resolve(self.name, self.ref);
    return { kind: 'action', dir: actionDir(join(repo.dir, path), uses), repository: repo.name, ref: self.ref, self };
  }
  const remote = parseRemote(uses);
  if (!remote) throw new UsesError(`Expected format {org}/{repo}[/path]@ref. Actual '${uses}'`);
  const name = `${remote.owner}/${remote.repo}`;
  const handler = Object.entries(run.standIns).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  if (handler) return { kind: 'stand-in', name, handler };
  if (!run.repositories.has(name)) {
    throw new UsesError(
      `Unable to resolve action \`${uses}\`: no stand-in and no repository source for ${name} (pass one in actions or repositories)`,
    );
  }
  const repo = run.repositories.resolve(name, remote.ref);
  return {
    kind: 'action',
    dir: actionDir(join(repo.dir, remote.path), uses),
    repository: name,
    ref: remote.ref,
    self: { name, ref: remote.ref },
  };
}
