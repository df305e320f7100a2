import { levelOf, SCOPES, type Grant } from './permissions.js';

/**
 * Runs of a pull request from a fork, as GitHub restricts them: the GITHUB_TOKEN is read-only
 * whatever `permissions:` asks for, no OIDC token can be requested (id-token: write is dropped)
 * and no secret reaches the runner.
 * https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token
 */

/** A pull_request event whose head repository is a fork (`head.repo.fork`, or another repository than the run's). */
export function fromFork(github: Record<string, unknown>): boolean {
  if (github.event_name !== 'pull_request') return false;
  const head = (github.event as { pull_request?: { head?: { repo?: { fork?: boolean; full_name?: string } } } }).pull_request?.head?.repo;
  if (!head) return false;
  return head.fork === true || (head.full_name !== undefined && head.full_name !== github.repository);
}

/** The grant a fork's run gets: every scope at most read, id-token none. */
export function forkGrant(grant: Grant): Grant {
  const capped: Record<string, string> = {};
  for (const scope of SCOPES) {
    const level = levelOf(grant, scope);
    capped[scope] = scope === 'id-token' ? 'none' : level === 'write' ? 'read' : level;
  }
  return capped;
}
