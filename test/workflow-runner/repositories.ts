import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dirs.js';

/**
 * Where the runner finds a repository's files at a ref, as GitHub downloads them for `uses:`:
 * - `{ dir }`: a working tree used for every ref (the toolkit under test: its actions and
 *   workflows as they are on disk, dist/ included); the SHA is `sha` if given, else the ref when it
 *   is a full SHA, else HEAD of that tree.
 * - `{ git }`: a git repository; the ref (branch, tag or SHA) is resolved there and the commit's
 *   files are extracted once (git archive), so a workflow at commit A runs the files of commit A.
 */
export type RepositorySource = { dir: string; sha?: string } | { git: string };

export interface ResolvedRepository {
  /** owner/name as spelled in the sources. */
  name: string;
  ref: string;
  sha: string;
  /** Directory holding the repository's files at that commit. */
  dir: string;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export class UnresolvableReference extends Error {}

/** A commit's files never change: each is extracted once per test file, whichever run asks. */
const extracted = new Map<string, string>();

function extractedCommit(gitDir: string, sha: string): string {
  const key = `${gitDir}@${sha}`;
  let dir = extracted.get(key);
  if (!dir) {
    dir = tempDir('wfr-commit-');
    execFileSync('sh', ['-c', 'git -C "$0" archive "$1" | tar -x -C "$2"', gitDir, sha, dir]);
    extracted.set(key, dir);
  }
  return dir;
}

export class Repositories {
  private readonly cache = new Map<string, ResolvedRepository>();
  constructor(private readonly sources: Record<string, RepositorySource>) {}

  has(name: string): boolean {
    return this.sourceOf(name) !== undefined;
  }

  sourceOf(name: string): [string, RepositorySource] | undefined {
    return Object.entries(this.sources).find(([key]) => key.toLowerCase() === name.toLowerCase());
  }

  /** The git repository a checkout clones from, if this repository has one. */
  gitDir(name: string): string | undefined {
    const source = this.sourceOf(name)?.[1];
    if (!source) return undefined;
    if ('git' in source) return source.git;
    return existsSync(join(source.dir, '.git')) ? source.dir : undefined;
  }

  resolve(name: string, ref: string): ResolvedRepository {
    const key = `${name.toLowerCase()}@${ref}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = this.sourceOf(name);
    if (!found)
      throw new UnresolvableReference(`Unable to resolve \`${name}@${ref}\`: repository not found (add it to the runner's repositories)`);
    const [spelled, source] = found;
    const resolved =
      'git' in source ? this.extract(spelled, source.git, ref) : { name: spelled, ref, sha: this.shaOfTree(source, ref), dir: source.dir };
    this.cache.set(key, resolved);
    return resolved;
  }

  private shaOfTree(source: { dir: string; sha?: string }, ref: string): string {
    if (source.sha) return source.sha;
    if (FULL_SHA.test(ref)) return ref;
    try {
      return git(source.dir, ['rev-parse', 'HEAD']);
    } catch {
      return '0'.repeat(40);
    }
  }

  private extract(name: string, gitDir: string, ref: string): ResolvedRepository {
    let sha: string;
    try {
      sha = git(gitDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    } catch {
      throw new UnresolvableReference(`Unable to resolve \`${name}@${ref}\`, unable to find version \`${ref}\``);
    }
    return { name, ref, sha, dir: extractedCommit(gitDir, sha) };
  }
}
