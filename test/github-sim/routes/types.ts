import type { GitHubState, TokenInfo } from '../state.js';

export interface RouteContext {
  state: GitHubState;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  token: TokenInfo;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** The request's full URL (for paging links). */
  url: URL;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** Named groups become params: /repos/(?<owner>[^/]+)/(?<repo>[^/]+)/deployments */
  pattern: RegExp;
  /** The GITHUB_TOKEN permission the endpoint needs (GitHub's "Fine-grained access" table). */
  permission: { scope: string; level: 'read' | 'write' } | { anyOf: { scope: string; level: 'read' | 'write' }[] };
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

export const REPO = '/repos/(?<owner>[^/]+)/(?<repo>[^/]+)';
export const repoOf = (params: Record<string, string>) => `${params.owner}/${params.repo}`;
export const route = (method: string, path: string, permission: Route['permission'], handle: Route['handle']): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  permission,
  handle,
});
