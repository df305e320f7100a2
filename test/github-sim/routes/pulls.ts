import { notFound, paged } from '../http.js';
import type { GitHubState, PullRequest } from '../state.js';
import { REPO, repoOf, route, type Route } from './types.js';

/**
 * Pull requests, read only: GET /repos/{o}/{r}/pulls/{n} (404 for one the test did not declare)
 * and GET /repos/{o}/{r}/pulls?state=open|closed|all (default open; newest first, paged).
 * Tests declare them with setPullRequest; GITHUB_TOKEN needs `pull-requests: read`.
 */
const read = { scope: 'pull-requests', level: 'read' } as const;

const publicPull = ({ repository, ...rest }: PullRequest, baseUrl: string) => ({
  ...rest,
  url: `${baseUrl}/repos/${repository}/pulls/${rest.number}`,
  html_url: `https://github.com/${repository}/pull/${rest.number}`,
});

export const pullRoutes: Route[] = [
  route('GET', `${REPO}/pulls/(?<number>\\d+)`, read, (ctx) => {
    const found = ctx.state.pulls.find(
      (p) => p.repository.toLowerCase() === repoOf(ctx.params).toLowerCase() && p.number === Number(ctx.params.number),
    );
    if (!found) throw notFound();
    return { status: 200, body: publicPull(found, ctx.baseUrl) };
  }),
  route('GET', `${REPO}/pulls`, read, (ctx) => {
    const wanted = ctx.query.state ?? 'open';
    const list = ctx.state.pulls
      .filter((p) => p.repository.toLowerCase() === repoOf(ctx.params).toLowerCase() && (wanted === 'all' || p.state === wanted))
      .sort((a, b) => b.number - a.number);
    return paged(
      list.map((p) => publicPull(p, ctx.baseUrl)),
      ctx.url,
    );
  }),
];

/** Declares (or changes) a pull request: open by default; `fork` gives its head another repository. */
export function setPullRequest(
  state: GitHubState,
  pr: {
    repository: string;
    number: number;
    state?: 'open' | 'closed';
    merged?: boolean;
    headSha?: string;
    headRef?: string;
    fork?: string;
  },
): PullRequest {
  const now = new Date().toISOString();
  const existing = state.pulls.find((p) => p.repository.toLowerCase() === pr.repository.toLowerCase() && p.number === pr.number);
  const record: PullRequest = {
    number: pr.number,
    state: pr.state ?? existing?.state ?? 'open',
    merged: pr.merged ?? existing?.merged ?? false,
    head: {
      sha: pr.headSha ?? existing?.head.sha ?? '0'.repeat(40),
      ref: pr.headRef ?? existing?.head.ref ?? `feature-${pr.number}`,
      repo: { full_name: pr.fork ?? existing?.head.repo?.full_name ?? pr.repository, fork: Boolean(pr.fork) },
    },
    base: { ref: 'main', repo: { full_name: pr.repository } },
    created_at: existing?.created_at ?? now,
    updated_at: now,
    closed_at: (pr.state ?? existing?.state) === 'closed' ? (existing?.closed_at ?? now) : null,
    repository: pr.repository,
  };
  if (existing) state.pulls.splice(state.pulls.indexOf(existing), 1, record);
  else state.pulls.push(record);
  return record;
}
