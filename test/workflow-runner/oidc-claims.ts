import type { Frame } from './run-state.js';

/**
 * The claims GitHub puts in a job's OIDC token: `sub` is `repo:<repo>:environment:<name>` for a
 * job with an environment, `repo:<repo>:pull_request` for pull requests, else
 * `repo:<repo>:ref:<ref>`; job_workflow_ref names the (called) workflow file the job is in.
 */
export function oidcClaims(frame: Frame, environment: string | undefined): Record<string, string> {
  const github = frame.run.github as Record<string, string>;
  const repository = github.repository;
  const sub = environment
    ? `repo:${repository}:environment:${environment}`
    : github.event_name === 'pull_request'
      ? `repo:${repository}:pull_request`
      : `repo:${repository}:ref:${github.ref}`;
  return {
    sub,
    aud: 'sts.amazonaws.com',
    iss: 'https://token.actions.githubusercontent.com',
    repository,
    repository_owner: github.repository_owner,
    ref: github.ref,
    ref_type: github.ref_type,
    sha: github.sha,
    event_name: github.event_name,
    actor: github.actor,
    run_id: github.run_id,
    workflow: github.workflow,
    workflow_ref: github.workflow_ref,
    workflow_sha: github.workflow_sha,
    job_workflow_ref: frame.workflowRef,
    job_workflow_sha: frame.repo.sha,
    runner_environment: 'github-hosted',
    ...(environment ? { environment } : {}),
  };
}
