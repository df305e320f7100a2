/**
 * The pull request an event is about, from the event payload the runner writes
 * (GITHUB_EVENT_PATH): `pull_request` and `pull_request_target` events carry it whole.
 */
export interface EventPullRequest {
  number: number;
  headSha?: string;
  /** owner/repo of the head branch: another repository for a pull request from a fork. */
  headRepository?: string;
  baseRepository?: string;
  fork: boolean;
}

export function pullRequestOfEvent(payload: unknown): EventPullRequest | undefined {
  const pr = (payload as { pull_request?: Record<string, any> } | undefined)?.pull_request;
  if (!pr || !Number.isInteger(pr.number)) return undefined;
  const headRepository: string | undefined = pr.head?.repo?.full_name;
  const baseRepository: string | undefined = pr.base?.repo?.full_name;
  // A deleted fork has head.repo null: still not this repository. (head.repo.fork says whether the
  // head repository is a fork of anything, which is true too for a PR inside a forked repository.)
  const fork =
    pr.head?.repo === null ||
    (headRepository !== undefined && baseRepository !== undefined && headRepository.toLowerCase() !== baseRepository.toLowerCase());
  return { number: pr.number, headSha: pr.head?.sha, headRepository, baseRepository, fork };
}
