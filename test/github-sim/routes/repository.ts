import { branchesOf, commitInfo, compareCommits, repoGit, resolveRef } from '../git.js';
import { HttpError, notFound, paged } from '../http.js';
import type { GitHubState } from '../state.js';
import { REPO, repoOf, route, type Route, type RouteContext } from './types.js';

/**
 * What a workflow asks to check a commit: the repository (default_branch), branches, a commit, and
 * compare (`GET /repos/{o}/{r}/compare/{base}...{head}`: status `behind` or `identical` when head
 * is reachable from base, i.e. on the default branch), from the fixture git repository.
 */
function gitOf(ctx: RouteContext) {
  const repo = repoGit(ctx.state, repoOf(ctx.params));
  if (!repo) throw notFound();
  return repo;
}

const contents = { scope: 'contents', level: 'read' } as const;
const metadata = { scope: 'metadata', level: 'read' } as const;

export const repositoryRoutes: Route[] = [
  route('GET', REPO, metadata, (ctx) => {
    const repo = gitOf(ctx);
    const name = repoOf(ctx.params);
    return {
      status: 200,
      body: {
        full_name: name,
        name: ctx.params.repo,
        owner: { login: ctx.params.owner },
        default_branch: repo.defaultBranch,
        private: true,
      },
    };
  }),
  route('GET', `${REPO}/branches`, metadata, (ctx) => {
    const list = branchesOf(gitOf(ctx)).map(({ name, sha }) => ({
      name,
      commit: { sha, url: `${ctx.baseUrl}/repos/${repoOf(ctx.params)}/commits/${sha}` },
      protected: false,
    }));
    return paged(list, ctx.url);
  }),
  route('GET', `${REPO}/branches/(?<branch>.+)`, metadata, (ctx) => {
    const branch = branchesOf(gitOf(ctx)).find((b) => b.name === decodeURIComponent(ctx.params.branch));
    if (!branch)
      throw new HttpError(404, 'Branch not found', {
        documentation_url: 'https://docs.github.com/rest/branches/branches#get-a-branch',
        status: '404',
      });
    return { status: 200, body: { name: branch.name, commit: commitInfo(gitOf(ctx), branch.sha), protected: false } };
  }),
  route('GET', `${REPO}/commits/(?<ref>[^/]+)`, contents, (ctx) => {
    const repo = gitOf(ctx);
    const sha = resolveRef(ctx.state, repoOf(ctx.params), decodeURIComponent(ctx.params.ref));
    if (!sha)
      throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`, {
        documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
        status: '422',
      });
    return { status: 200, body: commitInfo(repo, sha) };
  }),
  route('GET', `${REPO}/compare/(?<basehead>.+)`, contents, (ctx) => {
    const repo = gitOf(ctx);
    const [base, head] = decodeURIComponent(ctx.params.basehead).split('...');
    const baseSha = base && resolveRef(ctx.state, repoOf(ctx.params), base);
    const headSha = head && resolveRef(ctx.state, repoOf(ctx.params), head);
    if (!baseSha || !headSha) throw notFound();
    return { status: 200, body: compareCommits(repo, baseSha, headSha) };
  }),
  route('POST', `${REPO}/statuses/(?<sha>[0-9a-f]{40})`, { scope: 'statuses', level: 'write' }, (ctx) => {
    const state = String(ctx.body?.state ?? '');
    if (!['error', 'failure', 'pending', 'success'].includes(state))
      throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'Status', field: 'state', code: 'custom' }] });
    const context = typeof ctx.body?.context === 'string' ? ctx.body.context : 'default';
    addContext(ctx.state, ctx.params.sha, { context, state, kind: 'status' });
    return {
      status: 201,
      body: {
        id: ctx.state.nextId++,
        state,
        context,
        target_url: ctx.body?.target_url ?? null,
        description: ctx.body?.description ?? null,
      },
    };
  }),
  route('GET', `${REPO}/commits/(?<ref>[^/]+)/statuses`, { scope: 'statuses', level: 'read' }, (ctx) => {
    const sha = resolveRef(ctx.state, repoOf(ctx.params), decodeURIComponent(ctx.params.ref)) ?? ctx.params.ref;
    const statuses = (ctx.state.contexts.get(sha) ?? []).filter((c) => c.kind === 'status').reverse();
    return paged(
      statuses.map(({ context, state }) => ({ context, state })),
      ctx.url,
    );
  }),
];

/** Records a commit status or check run state for a SHA (the runner reports its jobs here). */
export function addContext(state: GitHubState, sha: string, entry: { context: string; state: string; kind: 'status' | 'check' }): void {
  const list = state.contexts.get(sha) ?? [];
  list.push(entry);
  state.contexts.set(sha, list);
}
