import { branchesOf, commitInfo, compareCommits, repoGit, resolveRef } from '../git.js';
import { HttpError, notFound, page } from '../http.js';
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
    return { status: 200, body: page(list, ctx.query) };
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
];
