import { restClient } from '../../../src/github/octokit.js';
import { restPreviewGitHub } from '../../../src/preview/github-side.js';
import { COMMENT_MARKER } from '../../../src/preview/comment.js';
import { startGitHubSim, type GitHubSim } from '../../github-sim/server.js';

/*
 * The preview's GitHub side over the REST client the bundle uses (Octokit on Node's fetch, not
 * @actions/github's): reached through GITHUB_API_URL, authenticated with the token, and paging
 * through a long conversation to find its own comment.
 */

let sim: GitHubSim;
beforeEach(async () => {
  sim = await startGitHubSim();
});
afterEach(() => sim.stop());

const client = (token: string) => restClient(token, { GITHUB_API_URL: sim.url });

test('finds its comment past the first page of a long conversation and updates it in place', async () => {
  const token = sim.issueToken({ repository: 'acme/shop', permissions: { 'pull-requests': 'write' }, job: 'preview' });
  const octokit = client(token);
  // 120 comments: the preview's comment (the 121st) is on the second page of 100.
  for (let n = 0; n < 120; n++)
    await octokit.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 7, body: `chat ${n}` });
  const github = restPreviewGitHub(octokit, 'acme/shop');
  await github.report({ pr: 7, baseService: 'api', state: 'deploying', at: new Date('2026-01-01T00:00:00Z') });
  await github.report({ pr: 7, baseService: 'api', state: 'failed', detail: 'exit code 3', at: new Date('2026-01-01T00:01:00Z') });

  const marked = sim.state.comments.filter((c) => c.issue === 7 && c.body.includes(COMMENT_MARKER));
  expect(marked).toHaveLength(1);
  expect(marked[0].body).toContain('exit code 3');
  expect(sim.state.comments.filter((c) => c.issue === 7)).toHaveLength(121);
  // Each report listed both pages, following the link header to the second.
  expect(sim.requests.filter((r) => r.method === 'GET' && r.query.page === '2')).toHaveLength(2);
  // Every request was authenticated as the token's job.
  expect(sim.requests.every((r) => r.job === 'preview' && r.status < 400)).toBe(true);
});

test("pull request states; an unknown token is refused with GitHub's 401", async () => {
  const token = sim.issueToken({ repository: 'acme/shop', permissions: { 'pull-requests': 'read' }, job: 'preview' });
  sim.setPullRequest({ repository: 'acme/shop', number: 12, state: 'closed' });
  const github = restPreviewGitHub(client(token), 'acme/shop', { report: false });
  expect(await github.pullRequestState(12)).toBe('closed');
  expect(await github.pullRequestState(404)).toBe('missing');
  await expect(restPreviewGitHub(client('ghs_not-issued'), 'acme/shop').pullRequestState(12)).rejects.toMatchObject({ status: 401 });
});
