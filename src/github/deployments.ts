import type { Octokit, RepositoryRef } from './octokit.js';

/** GitHub deployment states a status may take. */
export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

/**
 * A deployment of `sha` to a transient environment (a preview), created without waiting on the
 * commit's checks (`required_contexts: []`: the job creating it is itself a pending check).
 */
export async function createDeployment(
  octokit: Octokit,
  target: RepositoryRef & { sha: string; environment: string; description: string },
): Promise<number> {
  const answer = await octokit.rest.repos.createDeployment({
    owner: target.owner,
    repo: target.repo,
    ref: target.sha,
    environment: target.environment,
    description: target.description,
    required_contexts: [],
    auto_merge: false,
    transient_environment: true,
    production_environment: false,
  });
  if (!('id' in answer.data)) throw new Error(`GitHub did not create the deployment: ${answer.data.message ?? answer.status}`);
  return answer.data.id;
}

export async function setDeploymentStatus(
  octokit: Octokit,
  target: RepositoryRef & { id: number; state: DeploymentState; description?: string; environmentUrl?: string; logUrl?: string },
): Promise<void> {
  await octokit.rest.repos.createDeploymentStatus({
    owner: target.owner,
    repo: target.repo,
    deployment_id: target.id,
    state: target.state,
    description: target.description?.slice(0, 140),
    ...(target.environmentUrl ? { environment_url: target.environmentUrl } : {}),
    ...(target.logUrl ? { log_url: target.logUrl } : {}),
  });
}

/**
 * Marks every deployment of an environment inactive but `except` (a removed preview; the older
 * pushes of a transient environment, which GitHub's auto_inactive leaves alone); returns how
 * many were changed.
 */
export async function deactivateEnvironment(
  octokit: Octokit,
  target: RepositoryRef & { environment: string; description?: string; except?: number },
): Promise<number> {
  const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
    owner: target.owner,
    repo: target.repo,
    environment: target.environment,
    per_page: 100,
  });
  let changed = 0;
  for (const deployment of deployments) {
    if (deployment.id === target.except) continue;
    const [latest] = (
      await octokit.rest.repos.listDeploymentStatuses({ owner: target.owner, repo: target.repo, deployment_id: deployment.id, per_page: 1 })
    ).data;
    if (latest?.state === 'inactive') continue;
    await setDeploymentStatus(octokit, { ...target, id: deployment.id, state: 'inactive', description: target.description });
    changed++;
  }
  return changed;
}
