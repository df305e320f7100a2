import { notFound, paged, validationFailed } from '../http.js';
import type { IssueComment } from '../state.js';
import { REPO, repoOf, route, type Route, type RouteContext } from './types.js';

/**
 * Issue (and pull request) comments: list (oldest first, paged), create, get, update, delete.
 * A pull request's conversation comments are issue comments; GITHUB_TOKEN needs
 * `pull-requests: write` or `issues: write` to write them.
 */
function commentOf(ctx: RouteContext): IssueComment {
  const found = ctx.state.comments.find((c) => c.id === Number(ctx.params.id) && c.repository === repoOf(ctx.params));
  if (!found) throw notFound();
  return found;
}

const publicComment = ({ repository: _r, issue: _i, ...rest }: IssueComment) => rest;

function bodyOf(ctx: RouteContext): string {
  const body = ctx.body?.body;
  if (typeof body !== 'string' || body === '') throw validationFailed('IssueComment', 'body');
  if (body.length > 65536) throw validationFailed('IssueComment', 'body', 'custom');
  return body;
}

const read = {
  anyOf: [
    { scope: 'issues', level: 'read' as const },
    { scope: 'pull-requests', level: 'read' as const },
  ],
};
const write = {
  anyOf: [
    { scope: 'issues', level: 'write' as const },
    { scope: 'pull-requests', level: 'write' as const },
  ],
};

export const commentRoutes: Route[] = [
  route('GET', `${REPO}/issues/(?<number>\\d+)/comments`, read, (ctx) => {
    const list = ctx.state.comments.filter((c) => c.repository === repoOf(ctx.params) && c.issue === Number(ctx.params.number));
    return paged(list.map(publicComment), ctx.url);
  }),
  route('POST', `${REPO}/issues/(?<number>\\d+)/comments`, write, (ctx) => {
    const id = ctx.state.nextId++;
    const now = new Date().toISOString();
    const repository = repoOf(ctx.params);
    const comment: IssueComment = {
      id,
      node_id: `IC_${id}`,
      url: `${ctx.baseUrl}/repos/${repository}/issues/comments/${id}`,
      html_url: `https://github.com/${repository}/pull/${ctx.params.number}#issuecomment-${id}`,
      issue_url: `${ctx.baseUrl}/repos/${repository}/issues/${ctx.params.number}`,
      body: bodyOf(ctx),
      user: { login: 'github-actions[bot]', type: 'Bot' },
      created_at: now,
      updated_at: now,
      repository,
      issue: Number(ctx.params.number),
    };
    ctx.state.comments.push(comment);
    return { status: 201, body: publicComment(comment) };
  }),
  route('GET', `${REPO}/issues/comments/(?<id>\\d+)`, read, (ctx) => ({ status: 200, body: publicComment(commentOf(ctx)) })),
  route('PATCH', `${REPO}/issues/comments/(?<id>\\d+)`, write, (ctx) => {
    const comment = commentOf(ctx);
    comment.body = bodyOf(ctx);
    comment.updated_at = new Date().toISOString();
    return { status: 200, body: publicComment(comment) };
  }),
  route('DELETE', `${REPO}/issues/comments/(?<id>\\d+)`, write, (ctx) => {
    const comment = commentOf(ctx);
    ctx.state.comments.splice(ctx.state.comments.indexOf(comment), 1);
    return { status: 204, body: undefined };
  }),
];
