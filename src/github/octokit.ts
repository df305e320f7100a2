// The same Octokit @actions/github's getOctokit builds (core + REST methods + paginate), without
// its package: that entry loads @actions/http-client and undici (about 470 KB minified) to give
// Octokit a proxy-aware fetch. Octokit's default, Node's global fetch, is used instead.
import { Octokit as OctokitCore } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';

const GitHubRest = OctokitCore.plugin(restEndpointMethods, paginateRest);

/** The REST client: `octokit.rest.*` and `octokit.paginate`, as @actions/github's getOctokit returns it. */
export type Octokit = InstanceType<typeof GitHubRest>;

/** A client of GITHUB_API_URL (GitHub Enterprise, the tests' stand-in), else api.github.com, as getOctokit does. */
export function restClient(token: string, env: NodeJS.ProcessEnv = process.env): Octokit {
  return new GitHubRest({
    auth: `token ${token}`,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: orchestrationUserAgent(env.ACTIONS_ORCHESTRATION_ID),
    request: { fetch: globalThis.fetch },
  });
}

/** The user agent suffix getOctokit adds when the runner sets ACTIONS_ORCHESTRATION_ID. */
function orchestrationUserAgent(id: string | undefined): string | undefined {
  const trimmed = id?.trim();
  return trimmed ? `actions_orchestration_id/${trimmed.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined;
}

export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** "owner/repo" -> { owner, repo }. */
export function repositoryRef(fullName: string): RepositoryRef {
  const [owner = '', repo = ''] = fullName.split('/');
  return { owner, repo };
}
