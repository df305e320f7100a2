import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { RunState } from '../run-state.js';
import type { ActionHandler, StandInStep } from '../types.js';

/**
 * actions/checkout from a fixture git repository: fetches `ref` (default: the event's SHA for the
 * run's own repository, else the default branch) with `fetch-depth` (1; 0 = all history) into
 * `path`, and, unless `persist-credentials: false`, leaves the token in .git/config as the real
 * action does (http.https://github.com/.extraheader), removed by the post step.
 */
const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const EXTRAHEADER = 'http.https://github.com/.extraheader';

export function checkoutStandIn(run: () => RunState): ActionHandler {
  return (step: StandInStep) => {
    const dest = step.inputs.path
      ? isAbsolute(step.inputs.path)
        ? step.inputs.path
        : join(step.job.workspace, step.inputs.path)
      : step.job.workspace;
    if (step.phase === 'post') {
      try {
        git(dest, ['config', '--local', '--unset-all', EXTRAHEADER]);
      } catch {
        // nothing persisted
      }
      return;
    }
    const github = step.job.github as Record<string, string>;
    const repository = step.inputs.repository || github.repository;
    const found = run().repositories.sourceOf(repository);
    if (!found) return { failure: `checkout stand-in: no source for ${repository} (add it to the runner's repositories)` };
    if ('dir' in found[1]) return copyTree(step, found[1].dir, dest, repository);
    const source = found[1].git;
    const own = repository.toLowerCase() === String(github.repository).toLowerCase();
    // No ref: the run's own repository at the event's ref and SHA, another repository at its default branch.
    const ref = step.inputs.ref || (own ? github.ref : 'HEAD');
    let sha: string;
    try {
      sha = own && !step.inputs.ref ? github.sha : git(source, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    } catch {
      return { failure: `A branch or tag with the name '${ref}' could not be found` };
    }
    const depth = step.inputs['fetch-depth'] === undefined || step.inputs['fetch-depth'] === '' ? 1 : Number(step.inputs['fetch-depth']);
    const branch = branchOf(source, ref);
    mkdirSync(dest, { recursive: true });
    git(dest, ['init', '-q']);
    git(dest, ['remote', 'add', 'origin', `https://github.com/${repository}`]);
    const fetch = (refspecs: string[], shallow: boolean) =>
      git(dest, [
        '-c',
        'protocol.file.allow=always',
        'fetch',
        '-q',
        '--no-tags',
        ...(shallow ? [`--depth=${depth}`] : []),
        `file://${source}`,
        ...refspecs,
      ]);
    // As the real action: fetch-depth 0 fetches every branch and tag; otherwise only the ref, that deep.
    if (depth === 0) fetch(['+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'], false);
    else fetch([branch ? `+${sha}:refs/remotes/origin/${branch}` : sha], true);
    if (branch) git(dest, ['checkout', '-q', '--force', '-B', branch, sha]);
    else git(dest, ['checkout', '-q', '--detach', sha]);
    step.log(`Checked out ${repository}@${ref} (${sha}) into ${dest}, depth ${depth > 0 ? depth : 'all'}`);
    const persist = step.inputs['persist-credentials'] !== 'false';
    if (persist) {
      const token = step.inputs.token || String(github.token);
      git(dest, ['config', '--local', EXTRAHEADER, `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`]);
    }
    step.job.record('checkout', { repository, ref, sha, depth, path: dest, persistCredentials: persist });
    return { outputs: { ref, commit: sha }, post: persist };
  };
}

/** The branch a ref names in the source (main, refs/heads/main), undefined for tags, SHAs and pull refs. */
function branchOf(source: string, ref: string): string | undefined {
  const name = ref.replace(/^refs\/heads\//, '');
  if (ref.startsWith('refs/') && !ref.startsWith('refs/heads/')) return undefined;
  try {
    git(source, ['show-ref', '--verify', '--quiet', `refs/heads/${name}`]);
    return name;
  } catch {
    return undefined;
  }
}

/** A `{ dir }` source is a working tree: its files as they are on disk (no .git, no node_modules). */
function copyTree(step: StandInStep, dir: string, dest: string, repository: string) {
  mkdirSync(dest, { recursive: true });
  execFileSync('sh', ['-c', 'tar -C "$0" --exclude=./.git --exclude=./node_modules -cf - . | tar -C "$1" -xf -', dir, dest]);
  step.log(`Copied the working tree of ${repository} from ${dir} into ${dest}`);
  step.job.record('checkout', {
    repository,
    path: dest,
    workingTree: dir,
    persistCredentials: step.inputs['persist-credentials'] !== 'false',
  });
  return { outputs: {} };
}
