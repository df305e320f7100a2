import type { Octokit, RepositoryRef } from './octokit.js';

/**
 * One comment per pull request and purpose, found by a hidden HTML marker in its body and
 * updated in place, so a bot never piles up a comment per push. The oldest marked comment is
 * the one kept; the marker is written on the body's first line.
 */
export async function upsertMarkedComment(
  octokit: Octokit,
  target: RepositoryRef & { issue: number; marker: string; body: string },
): Promise<{ id: number; created: boolean; url: string }> {
  const body = `${target.marker}\n${target.body}`;
  const existing = await findMarkedComment(octokit, target);
  if (existing) {
    const answer = await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body });
    return { id: answer.data.id, created: false, url: answer.data.html_url };
  }
  const answer = await octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issue, body });
  return { id: answer.data.id, created: true, url: answer.data.html_url };
}

export async function findMarkedComment(octokit: Octokit, target: RepositoryRef & { issue: number; marker: string }) {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issue,
    per_page: 100,
  });
  return comments.find((comment) => comment.body?.includes(target.marker));
}
