import { deactivateEnvironment, createDeployment, setDeploymentStatus, type DeploymentState } from '../github/deployments.js';
import type { Octokit } from '../github/octokit.js';
import { repositoryRef } from '../github/octokit.js';
import { findMarkedComment, upsertMarkedComment } from '../github/pull-request-comment.js';
import { pullRequestState, type PullRequestState } from '../github/pull-requests.js';
import { COMMENT_MARKER, commentBody, serviceMarker, type PreviewReport } from './comment.js';
import { previewEnvironment } from './names.js';

/** What a preview tells GitHub, and asks it: one comment, a deployment per push, pull request states. */
export interface PreviewGitHub {
  /** Updates (or writes) the pull request's comment and the push's deployment status. */
  report(report: PreviewReport): Promise<void>;
  pullRequestState(pr: number): Promise<PullRequestState>;
}

const DEPLOYMENT_STATE: Record<PreviewReport['state'], DeploymentState> = {
  deploying: 'in_progress',
  ready: 'success',
  failed: 'failure',
  removed: 'inactive',
};

/** The GitHub side over the REST API; one instance per run (it remembers the deployment it created). */
export function restPreviewGitHub(
  octokit: Octokit,
  repository: string,
  options: { logUrl?: string; /** false: pull request states only, no comment or deployment. */ report?: boolean } = {},
): PreviewGitHub {
  const ref = repositoryRef(repository);
  const deployments = new Map<number, number>();
  const marker = (baseService: string) => `${COMMENT_MARKER}\n${serviceMarker(baseService)}`;
  return {
    async report(report) {
      if (options.report === false) return;
      const environment = previewEnvironment(report.pr);
      if (report.state === 'removed') {
        await deactivateEnvironment(octokit, { ...ref, environment, description: 'Preview removed' });
        // No comment to say "removed" on a pull request that never had a preview.
        if (!(await findMarkedComment(octokit, { ...ref, issue: report.pr, marker: marker(report.baseService) }))) return;
      } else {
        let id = deployments.get(report.pr);
        if (id === undefined && report.headSha) {
          id = await createDeployment(octokit, {
            ...ref,
            sha: report.headSha,
            environment,
            description: `Preview of ${report.baseService}`,
          });
          deployments.set(report.pr, id);
        }
        if (id !== undefined) {
          await setDeploymentStatus(octokit, {
            ...ref,
            id,
            state: DEPLOYMENT_STATE[report.state],
            description: report.detail ?? report.state,
            environmentUrl: report.url,
            logUrl: options.logUrl,
          });
          if (report.state === 'ready')
            await deactivateEnvironment(octokit, { ...ref, environment, except: id, description: 'Superseded' });
        }
      }
      await upsertMarkedComment(octokit, { ...ref, issue: report.pr, marker: marker(report.baseService), body: commentBody(report) });
    },
    pullRequestState: (pr) => pullRequestState(octokit, { ...ref, number: pr }),
  };
}
