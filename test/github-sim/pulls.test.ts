import { getOctokit } from '@actions/github';
import { startGitHubSim, type GitHubSim } from './server.js';

/** Pull requests as @actions/github reads them from the stand-in. */

let sim: GitHubSim;
beforeEach(async () => {
  sim = await startGitHubSim();
});
afterEach(() => sim.stop());

const octokit = (permissions: Record<string, string> | undefined) =>
  getOctokit(sim.issueToken({ repository: 'acme/shop', permissions }), { baseUrl: sim.url });

test('a declared pull request is read by number, and listed by state, newest first', async () => {
  sim.setPullRequest({ repository: 'acme/shop', number: 3, headSha: 'b'.repeat(40) });
  sim.setPullRequest({ repository: 'acme/shop', number: 4 });
  sim.setPullRequest({ repository: 'acme/shop', number: 4, state: 'closed', merged: true });
  sim.setPullRequest({ repository: 'acme/other', number: 5 });
  const gh = octokit({ 'pull-requests': 'read' });
  const three = await gh.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 3 });
  expect(three.data).toMatchObject({ number: 3, state: 'open', head: { sha: 'b'.repeat(40), repo: { full_name: 'acme/shop' } } });
  const four = await gh.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 4 });
  expect(four.data).toMatchObject({ state: 'closed', merged: true, closed_at: expect.any(String) });
  const numbers = async (state: 'open' | 'closed' | 'all') =>
    (await gh.paginate(gh.rest.pulls.list, { owner: 'acme', repo: 'shop', state })).map((p) => p.number);
  expect(await numbers('open')).toEqual([3]);
  expect(await numbers('closed')).toEqual([4]);
  expect(await numbers('all')).toEqual([4, 3]);
});

test('an unknown pull request is 404; reading needs pull-requests: read', async () => {
  sim.setPullRequest({ repository: 'acme/shop', number: 3 });
  await expect(octokit({ 'pull-requests': 'read' }).rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 9 })).rejects.toMatchObject({
    status: 404,
  });
  await expect(octokit({ contents: 'read' }).rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 3 })).rejects.toMatchObject({
    status: 403,
    message: expect.stringContaining('Resource not accessible by integration'),
  });
});

test('a pull request from a fork has its head in the fork', async () => {
  sim.setPullRequest({ repository: 'acme/shop', number: 6, fork: 'mallory/shop' });
  const pr = await octokit({ 'pull-requests': 'read' }).rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 6 });
  expect(pr.data.head.repo).toEqual({ full_name: 'mallory/shop', fork: true });
  expect(pr.data.base.repo).toEqual({ full_name: 'acme/shop' });
});
