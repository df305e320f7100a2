import { getOctokit } from '@actions/github';
import { createFixtureRepo, commitFiles } from '../workflow-runner/fixture-repo.js';
import { startGitHubSim, type GitHubSim } from './server.js';

let sim: GitHubSim;
beforeEach(async () => {
  sim = await startGitHubSim();
});
afterEach(() => sim.stop());

const octokit = (permissions: Record<string, string> | undefined) =>
  getOctokit(sim.issueToken({ repository: 'acme/shop', permissions, job: 'deploy' }), { baseUrl: sim.url });

test('deployments and statuses as @actions/github creates them; a success deactivates the previous one', async () => {
  const gh = octokit({ deployments: 'write' });
  const sha = 'a'.repeat(40);
  const first = await gh.rest.repos.createDeployment({
    owner: 'acme',
    repo: 'shop',
    ref: sha,
    environment: 'production',
    auto_merge: false,
    required_contexts: [],
  });
  expect(first.status).toBe(201);
  const firstId = (first.data as { id: number }).id;
  await gh.rest.repos.createDeploymentStatus({
    owner: 'acme',
    repo: 'shop',
    deployment_id: firstId,
    state: 'success',
    environment_url: 'https://shop.example.com',
  });
  const second = await gh.rest.repos.createDeployment({
    owner: 'acme',
    repo: 'shop',
    ref: sha,
    environment: 'production',
    auto_merge: false,
    required_contexts: [],
  });
  const secondId = (second.data as { id: number }).id;
  await gh.rest.repos.createDeploymentStatus({ owner: 'acme', repo: 'shop', deployment_id: secondId, state: 'in_progress' });
  await gh.rest.repos.createDeploymentStatus({ owner: 'acme', repo: 'shop', deployment_id: secondId, state: 'success' });
  const list = await gh.rest.repos.listDeployments({ owner: 'acme', repo: 'shop', environment: 'production' });
  expect(list.data.map((d) => d.id)).toEqual([secondId, firstId]);
  const firstStatuses = await gh.rest.repos.listDeploymentStatuses({ owner: 'acme', repo: 'shop', deployment_id: firstId });
  expect(firstStatuses.data.map((s) => s.state)).toEqual(['inactive', 'success']);
  const secondStatuses = await gh.rest.repos.listDeploymentStatuses({ owner: 'acme', repo: 'shop', deployment_id: secondId });
  expect(secondStatuses.data.map((s) => s.state)).toEqual(['success', 'in_progress']);
  expect(sim.requests.filter((r) => r.method === 'POST').map((r) => `${r.status} ${r.path}`)).toContain(
    `201 /repos/acme/shop/deployments/${secondId}/statuses`,
  );
});

test('a token without deployments: write is refused as GitHub refuses it, and a bad token is 401', async () => {
  const gh = octokit({ contents: 'read' });
  await expect(gh.rest.repos.createDeployment({ owner: 'acme', repo: 'shop', ref: 'a'.repeat(40) })).rejects.toMatchObject({
    status: 403,
    message: expect.stringContaining('Resource not accessible by integration'),
  });
  const stranger = getOctokit('ghs_not-issued', { baseUrl: sim.url });
  await expect(stranger.rest.repos.listDeployments({ owner: 'acme', repo: 'shop' })).rejects.toMatchObject({ status: 401 });
  expect(sim.state.deployments).toHaveLength(0);
});

test('a job with no permissions key gets the restricted default token', async () => {
  const gh = octokit(undefined);
  await expect(gh.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 7, body: 'hi' })).rejects.toMatchObject({
    status: 403,
  });
});

test('pull request comments: create, list, update', async () => {
  const gh = octokit({ 'pull-requests': 'write' });
  const created = await gh.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 7, body: 'preview: pending' });
  await gh.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 8, body: 'other PR' });
  await gh.rest.issues.updateComment({ owner: 'acme', repo: 'shop', comment_id: created.data.id, body: 'preview: ready' });
  const list = await gh.rest.issues.listComments({ owner: 'acme', repo: 'shop', issue_number: 7 });
  expect(list.data.map((c) => c.body)).toEqual(['preview: ready']);
});

test('lists are paged with the link header Octokit paginate follows', async () => {
  const gh = octokit({ issues: 'write' });
  for (let n = 0; n < 35; n++) await gh.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 9, body: `comment ${n}` });
  const first = await gh.rest.issues.listComments({ owner: 'acme', repo: 'shop', issue_number: 9 });
  expect(first.data).toHaveLength(30);
  expect(first.headers.link).toContain('rel="next"');
  const all = await gh.paginate(gh.rest.issues.listComments, { owner: 'acme', repo: 'shop', issue_number: 9 });
  expect(all.map((c) => c.body)).toEqual(Array.from({ length: 35 }, (_, n) => `comment ${n}`));
});

test('compare tells whether a SHA is on the default branch', async () => {
  const repo = createFixtureRepo({ files: { 'a.txt': '1' } });
  const onMain = commitFiles(repo.dir, { 'a.txt': '2' });
  const onBranch = commitFiles(repo.dir, { 'a.txt': '3' }, 'topic', 'topic');
  sim.addRepository('acme/shop', repo.dir);
  const gh = octokit({ contents: 'read' });
  const behind = await gh.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'shop', basehead: `main...${repo.sha}` });
  expect(behind.data.status).toBe('behind');
  const identical = await gh.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'shop', basehead: `main...${onMain}` });
  expect(identical.data.status).toBe('identical');
  const ahead = await gh.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'shop', basehead: `main...${onBranch}` });
  expect(ahead.data.status).toBe('ahead');
  const branch = await gh.rest.repos.getBranch({ owner: 'acme', repo: 'shop', branch: 'main' });
  expect(branch.data.commit.sha).toBe(onMain);
  await expect(
    gh.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'shop', basehead: `main...${'f'.repeat(40)}` }),
  ).rejects.toMatchObject({ status: 404 });
});

test('a deployment needs every status and check of its commit to be success, unless required_contexts says which', async () => {
  const gh = octokit({ deployments: 'write', statuses: 'write' });
  const sha = 'c'.repeat(40);
  sim.setCheck(sha, 'deploy', 'pending');
  await gh.rest.repos.createCommitStatus({ owner: 'acme', repo: 'shop', sha, state: 'success', context: 'ci' });
  await expect(gh.rest.repos.createDeployment({ owner: 'acme', repo: 'shop', ref: sha })).rejects.toMatchObject({
    status: 409,
    message: expect.stringContaining(`Conflict: Commit status checks failed for ${sha}.`),
  });
  const onlyCi = await gh.rest.repos.createDeployment({ owner: 'acme', repo: 'shop', ref: sha, required_contexts: ['ci'] });
  expect(onlyCi.status).toBe(201);
  const none = await gh.rest.repos.createDeployment({ owner: 'acme', repo: 'shop', ref: sha, required_contexts: [] });
  expect(none.status).toBe(201);
  sim.setCheck(sha, 'deploy', 'success');
  expect((await gh.rest.repos.createDeployment({ owner: 'acme', repo: 'shop', ref: sha })).status).toBe(201);
});
