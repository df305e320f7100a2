import { execFileSync } from 'node:child_process';
import type { GitHubState } from './state.js';

/**
 * Answers about commits from the fixture git repository registered for a repository. Without
 * one, only full SHAs resolve (to themselves) and nothing is known about ancestry.
 */
const git = (dir: string, args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export function repoGit(state: GitHubState, repository: string): { git: string; defaultBranch: string } | undefined {
  return state.repos.get(repository.toLowerCase());
}

/** A branch, tag, refs/... or SHA (full or abbreviated) to a full SHA; undefined when unknown. */
export function resolveRef(state: GitHubState, repository: string, ref: string): string | undefined {
  const repo = repoGit(state, repository);
  if (!repo) return /^[0-9a-f]{40}$/.test(ref) ? ref : undefined;
  try {
    return git(repo.git, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
}

export function commitInfo(repo: { git: string }, sha: string) {
  const [tree, parents, author, email, date, ...body] = git(repo.git, ['show', '-s', '--format=%T%n%P%n%an%n%ae%n%aI%n%B', sha]).split(
    '\n',
  );
  return {
    sha,
    commit: {
      message: body.join('\n').trim(),
      tree: { sha: tree },
      author: { name: author, email, date },
      committer: { name: author, email, date },
    },
    parents: parents ? parents.split(' ').map((p) => ({ sha: p })) : [],
  };
}

export function compareCommits(repo: { git: string }, base: string, head: string) {
  const ahead = Number(git(repo.git, ['rev-list', '--count', `${base}..${head}`]));
  const behind = Number(git(repo.git, ['rev-list', '--count', `${head}..${base}`]));
  const mergeBase = git(repo.git, ['merge-base', base, head]);
  const status = ahead === 0 && behind === 0 ? 'identical' : ahead === 0 ? 'behind' : behind === 0 ? 'ahead' : 'diverged';
  return { status, ahead_by: ahead, behind_by: behind, total_commits: ahead, merge_base_commit: commitInfo(repo, mergeBase) };
}

export function branchesOf(repo: { git: string }): { name: string; sha: string }[] {
  return git(repo.git, ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads'])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, sha] = line.split(' ');
      return { name, sha };
    });
}
