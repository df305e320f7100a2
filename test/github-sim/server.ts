import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueIdToken } from '../aws-sim/services/sts/oidc.js';
import type { World } from '../aws-sim/world.js';
import { HttpError, readBody, send } from './http.js';
import { commentRoutes } from './routes/comments.js';
import { deploymentRoutes } from './routes/deployments.js';
import { pullRoutes, setPullRequest } from './routes/pulls.js';
import { addContext, repositoryRoutes } from './routes/repository.js';
import type { Route } from './routes/types.js';
import { newState, type GitHubState, type RecordedRequest, type TokenInfo, type TokenPermissions } from './state.js';

/**
 * A stand-in for the GitHub REST API on 127.0.0.1, reached through GITHUB_API_URL as
 * @actions/github does (its Octokit's baseUrl is process.env.GITHUB_API_URL). Every request is
 * recorded; every request needs a token this stand-in issued (401 "Bad credentials" otherwise) and
 * the permission GitHub documents for the endpoint (403 "Resource not accessible by integration").
 * It also serves the runner's OIDC token endpoint for jobs with `id-token: write`, signing tokens
 * with the AWS simulator's key so its STS accepts them.
 */
export interface GitHubSim {
  /** http://127.0.0.1:PORT: the value of GITHUB_API_URL. */
  url: string;
  state: GitHubState;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** A token scoped to `repository` with `permissions` (undefined = the repository default). */
  issueToken(grant: { repository: string; permissions: TokenPermissions | undefined; job?: string }): string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN for a job whose token carries these claims. */
  oidcEnv(claims: Record<string, string>): Record<string, string>;
  /** A check run for a job of a workflow run on `sha` (pending while it runs, then its conclusion). */
  setCheck(sha: string, name: string, state: 'pending' | 'success' | 'failure' | 'skipped' | 'cancelled'): void;
  /** Registers a fixture git repository for compare/branches/commits and deployment refs. */
  addRepository(name: string, git: string, defaultBranch?: string): void;
  /** Declares or changes a pull request (GET pulls/{n}, pulls?state=): open by default, `fork` names its head repository. */
  setPullRequest(pr: Parameters<typeof setPullRequest>[1]): void;
  stop(): Promise<void>;
}

export interface GitHubSimOptions {
  /** The AWS simulator whose STS must accept the OIDC tokens. */
  aws?: { url: string; world: unknown };
  repos?: Record<string, { git: string; defaultBranch?: string }>;
  /**
   * Permissions of a job that sets none: 'restricted' (contents and packages read: GitHub's
   * default for new repositories and organisations) or 'permissive' (write to everything).
   */
  defaultPermissions?: 'restricted' | 'permissive';
}

const ROUTES: Route[] = [...deploymentRoutes, ...commentRoutes, ...pullRoutes, ...repositoryRoutes];
const OIDC_PATH = '/_oidc/token';
const RESTRICTED = { contents: 'read', packages: 'read', metadata: 'read' };

function grants(permissions: TokenPermissions, need: { scope: string; level: 'read' | 'write' }): boolean {
  if (need.scope === 'metadata') return true;
  if (permissions === 'write-all') return true;
  if (permissions === 'read-all') return need.level === 'read';
  const granted = permissions[need.scope];
  return granted === 'write' || (need.level === 'read' && granted === 'read');
}

function allowed(route: Route, permissions: TokenPermissions): boolean {
  const needs = 'anyOf' in route.permission ? route.permission.anyOf : [route.permission];
  return needs.some((need) => grants(permissions, need));
}

export async function startGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const state = newState();
  for (const [name, repo] of Object.entries(options.repos ?? {}))
    state.repos.set(name.toLowerCase(), { git: repo.git, defaultBranch: repo.defaultBranch ?? 'main' });
  let baseUrl = '';
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { message: String(error?.stack ?? error) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', baseUrl);
    if (url.pathname === OIDC_PATH) return oidc(req, res, url);
    const query = Object.fromEntries(url.searchParams);
    const auth = String(req.headers.authorization ?? '');
    const tokenValue = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1];
    const token = tokenValue ? state.tokens.get(tokenValue) : undefined;
    let body: unknown;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      body: undefined,
      status: 0,
      job: token?.job ?? '',
    };
    state.requests.push(record);
    const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
      record.status = status;
      send(res, status, payload, headers);
    };
    try {
      body = await readBody(req);
      record.body = body;
      if (!token) throw new HttpError(401, 'Bad credentials', { documentation_url: 'https://docs.github.com/rest', status: '401' });
      const matches = ROUTES.map((route) => ({
        route,
        match: route.method === req.method ? route.pattern.exec(url.pathname) : null,
      })).filter((m) => m.match);
      if (matches.length === 0) throw new HttpError(404, 'Not Found', { documentation_url: 'https://docs.github.com/rest', status: '404' });
      const { route, match } = matches[0];
      const params = { ...(match!.groups ?? {}) };
      if (`${params.owner}/${params.repo}`.toLowerCase() !== token.repository.toLowerCase())
        throw new HttpError(404, 'Not Found', { status: '404' });
      if (!allowed(route, token.permissions)) {
        throw new HttpError(403, 'Resource not accessible by integration', {
          documentation_url: 'https://docs.github.com/rest',
          status: '403',
        });
      }
      const result = await route.handle({ state, params, query, body: body as Record<string, unknown> | undefined, token, baseUrl, url });
      reply(result.status, result.body, result.headers);
    } catch (error) {
      if (error instanceof HttpError) reply(error.status, { message: error.message, ...error.extra });
      else reply(500, { message: String((error as Error)?.stack ?? error) });
    }
  }

  function oidc(req: IncomingMessage, res: ServerResponse, url: URL) {
    const requestToken = /^bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    const claims = state.oidcRequests.get(requestToken);
    if (!claims || !options.aws) return send(res, 401, { message: 'Bad credentials' });
    const world = options.aws.world as World;
    world.count('oidc.GetIdToken');
    const { aud: _aud, iss: _iss, ...rest } = claims;
    send(res, 200, {
      count: 1,
      value: issueIdToken(world, url.searchParams.get('audience') ?? `https://github.com/${rest.repository_owner}`, rest),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    state,
    requests: state.requests,
    issueToken({ repository, permissions, job = '' }) {
      const value = `ghs_${randomBytes(18).toString('base64url')}`;
      const effective: TokenInfo['permissions'] = permissions ?? (options.defaultPermissions === 'permissive' ? 'write-all' : RESTRICTED);
      state.tokens.set(value, { repository, permissions: effective, job });
      return value;
    },
    oidcEnv(claims) {
      const requestToken = `oidc-${randomBytes(12).toString('hex')}`;
      state.oidcRequests.set(requestToken, claims);
      return { ACTIONS_ID_TOKEN_REQUEST_URL: `${baseUrl}${OIDC_PATH}?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken };
    },
    setCheck(sha, name, checkState) {
      // A skipped check is not `success`: a deployment's default required_contexts refuses it too.
      addContext(state, sha, { context: name, state: checkState, kind: 'check' });
    },
    addRepository(name, git, defaultBranch = 'main') {
      state.repos.set(name.toLowerCase(), { git, defaultBranch });
    },
    setPullRequest(pr) {
      setPullRequest(state, pr);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
