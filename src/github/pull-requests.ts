import type { Octokit, RepositoryRef } from './octokit.js';

export type PullRequestState = 'open' | 'closed' | 'missing';

/** Whether a pull request is open or closed (merged counts as closed); `missing` when GitHub does not know it. */
export async function pullRequestState(octokit: Octokit, target: RepositoryRef & { number: number }): Promise<PullRequestState> {
  try {
    const answer = await octokit.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.number });
    return answer.data.state === 'open' ? 'open' : 'closed';
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'missing';
    throw error;
  }
}
