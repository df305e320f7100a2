import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp-dirs.js';

/**
 * Fixture git repositories for tests: `createFixtureRepo({ files })` makes a repository with one
 * commit on `main`; `commitFiles(repo, files)` adds a commit and returns its SHA. Use the path as
 * a `{ git }` source of the runner (checkout fetches from it; `owner/repo@ref` resolves in it).
 */
const git = (cwd: string, args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Fixture',
      GIT_AUTHOR_EMAIL: 'fixture@example.com',
      GIT_COMMITTER_NAME: 'Fixture',
      GIT_COMMITTER_EMAIL: 'fixture@example.com',
    },
  }).trim();

export interface FixtureRepo {
  dir: string;
  /** SHA of the first commit. */
  sha: string;
}

export function commitFiles(dir: string, files: Record<string, string>, message = 'fixture commit', branch?: string): string {
  if (branch) git(dir, ['checkout', '-q', '-B', branch]);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}

export function createFixtureRepo(options: { files: Record<string, string>; branch?: string }): FixtureRepo {
  const dir = tempDir('wfr-fixture-');
  git(dir, ['init', '-q', '-b', options.branch ?? 'main']);
  git(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  const sha = commitFiles(dir, options.files, 'initial commit');
  return { dir, sha };
}
