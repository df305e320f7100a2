/** What the GitHub stand-in holds: deployments with their statuses, issue comments, tokens. */

export interface Deployment {
  id: number;
  node_id: string;
  url: string;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  original_environment: string;
  environment: string;
  description: string | null;
  creator: { login: string; type: string };
  created_at: string;
  updated_at: string;
  statuses_url: string;
  repository_url: string;
  transient_environment: boolean;
  production_environment: boolean;
  /** owner/repo, for listing. */
  repository: string;
}

export interface DeploymentStatus {
  id: number;
  node_id: string;
  state: string;
  creator: { login: string; type: string };
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  created_at: string;
  updated_at: string;
  deployment_url: string;
  repository_url: string;
  url: string;
}

export interface IssueComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
  repository: string;
  issue: number;
}

/** A pull request as GET /repos/{o}/{r}/pulls/{n} shows it (the fields the toolkit reads). */
export interface PullRequest {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  head: { sha: string; ref: string; repo: { full_name: string; fork: boolean } | null };
  base: { ref: string; repo: { full_name: string } };
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** owner/repo */
  repository: string;
}

/** Scope -> 'read' | 'write' | 'none' of one token, or the all-read / all-write shorthands. */
export type TokenPermissions = Record<string, string> | 'read-all' | 'write-all';

export interface TokenInfo {
  repository: string;
  permissions: TokenPermissions;
  /** Who holds it (the job path), for the request log. */
  job: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. /repos/acme/shop/deployments. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** The job whose token was used, '' when none or unknown. */
  job: string;
}

export interface GitHubState {
  deployments: Deployment[];
  statuses: Map<number, DeploymentStatus[]>;
  comments: IssueComment[];
  /** Pull requests the test declared (setPullRequest). */
  pulls: PullRequest[];
  tokens: Map<string, TokenInfo>;
  /** OIDC request tokens -> the claims of the job that holds them. */
  oidcRequests: Map<string, Record<string, string>>;
  requests: RecordedRequest[];
  /** Fixture git repositories by owner/repo (compare, branches, commits). */
  repos: Map<string, { git: string; defaultBranch: string }>;
  nextId: number;
  /**
   * Commit statuses and check runs by SHA, newest last: what `required_contexts` is checked
   * against. The workflow runner reports each job as a check run (pending while it runs).
   */
  contexts: Map<string, { context: string; state: string; kind: 'status' | 'check' }[]>;
}

export function newState(): GitHubState {
  return {
    deployments: [],
    statuses: new Map(),
    comments: [],
    pulls: [],
    tokens: new Map(),
    oidcRequests: new Map(),
    requests: [],
    repos: new Map(),
    nextId: 1000,
    contexts: new Map(),
  };
}
