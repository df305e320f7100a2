import { execFileSync } from 'node:child_process';
import {
  CreateClusterCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecs';
import { DescribeTagsCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createAccount } from '../../scripts/lib/account.js';
import { startEnvironment, type Environment } from '../../scripts/lib/environment.js';
import { seedAlb, targetHealth, type SeededAlb } from '../aws-sim/services/elbv2/seed.js';
import { buildBaseImage } from '../fixtures/base-image.js';
import { startGitHubSim, type GitHubSim } from '../github-sim/server.js';
import { commitFiles, createFixtureRepo, groupState, type RunEvent, type RunResult } from '../workflow-runner/index.js';
import { clients, rulesOf } from './preview-fixtures.js';
import {
  cleanupWorkflow,
  dockerStandIn,
  PREVIEW_BUILD_ROLE,
  PREVIEW_ROLE,
  previewTrust,
  previewWorkflow,
  pullRequestEvent,
  runServiceWorkflow,
  SERVICE_REPO,
  serviceFiles,
} from './workflows-setup.js';

/**
 * The preview lifecycle as a service repository runs it: the two starter templates (preview.yml on
 * pull_request, cleanup-previews.yml nightly) calling the reusable workflows of this working tree,
 * run by the local workflow runner against the AWS simulator (ECS, ELBv2, the real registry) and
 * the GitHub stand-in (comments, deployments, pull request states). Each test continues from the
 * state the one before left, as pull requests come and go in one repository.
 */

let env: Environment;
let github: GitHubSim;
let alb: SeededAlb;
let account: string;
let docker: { bin: string; log: string };
let service: { dir: string; sha: string };

const DOMAIN = 'previews.example.com';

beforeAll(async () => {
  env = await startEnvironment();
  // The cluster terraform made for previews offers Fargate Spot (created first: CreateCluster is idempotent).
  await clients(env.sim).ecs.send(new CreateClusterCommand({ clusterName: 'shop', capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }));
  await createAccount(env);
  account = env.sim.world.accountId;
  alb = await seedAlb(env.sim.world, { name: 'previews', targetGroups: ['default'] });
  await buildBaseImage({ env: { ...process.env, ...env.env } });
  docker = dockerStandIn();
  service = createFixtureRepo({
    files: {
      ...serviceFiles(),
      '.github/workflows/preview.yml': previewWorkflow({ account, listenerArn: alb.listenerArn }),
      '.github/workflows/preview-limited.yml': previewWorkflow({ account, listenerArn: alb.listenerArn, extra: '      max-previews: 2\n' }),
      '.github/workflows/cleanup.yml': cleanupWorkflow({ account, listenerArn: alb.listenerArn, ttl: '1h' }),
    },
  });
  github = await startGitHubSim({ aws: env.sim, repos: { [SERVICE_REPO]: { git: service.dir } } });
}, 300_000);

afterAll(async () => {
  await github?.stop();
  await env?.stop();
});

function run(workflow: string, event: RunEvent): Promise<RunResult> {
  return runServiceWorkflow({ env, github, service, docker, workflow, event, trust: previewTrust(account) });
}

/** A commit on the pull request's branch (the page says which), the pull request declared on GitHub. */
function push(number: number, page: string): string {
  const sha = commitFiles(service.dir, { 'www/index.html': `<p>${page}</p>\n` }, page, `feature-${number}`);
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: service.dir });
  github.setPullRequest({ repository: SERVICE_REPO, number, headSha: sha, headRef: `feature-${number}`, state: 'open' });
  return sha;
}

const event = (action: string, number: number, head: string, fork?: string) =>
  pullRequestEvent({ action, number, head, branch: `feature-${number}`, fork });

function close(number: number, head: string): Promise<RunResult> {
  github.setPullRequest({ repository: SERVICE_REPO, number, state: 'closed' });
  return run('.github/workflows/preview.yml', event('closed', number, head));
}

const failures = (result: RunResult) =>
  result.jobs
    .filter((j) => j.result === 'failure')
    .map((j) => [j.path, j.reason, ...j.annotations, ...j.steps.filter((s) => s.conclusion === 'failure').map((s) => s.log.slice(-800))]);

/** Every mutating AWS call so far (anything not Describe/List/Get), by operation. */
const mutatingCalls = () =>
  Object.fromEntries(
    Object.entries(env.sim.world.appliedCounts()).filter(([operation]) => !/\.(Describe|List|Get|BatchGet)/.test(operation)),
  );

const assumed = (result: RunResult) =>
  result.jobs.flatMap((j) =>
    j.records.filter((r) => r.kind === 'assume-role').map((r) => [j.path, r.detail.roleArn, r.detail.refused ?? 'ok']),
  );

const TAG = 'ecs-ship:pull-request';
const isFor = (pr: number, tags: Array<{ key?: string; value?: string; Key?: string; Value?: string }> = []) =>
  tags.some((t) => (t.key ?? t.Key) === TAG && (t.value ?? t.Value) === String(pr));

/** What is tagged for PR `pr` in ECS (ACTIVE services, ACTIVE revisions of its family) and ELBv2 (target groups, rules). */
async function tagged(pr: number) {
  const { ecs, elb } = clients(env.sim);
  const arns = (await ecs.send(new ListServicesCommand({ cluster: 'shop' }))).serviceArns ?? [];
  const services = arns.length
    ? ((await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: arns, include: ['TAGS'] }))).services ?? [])
    : [];
  const groups = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const groupTags = groups.length
    ? ((await elb.send(new DescribeTagsCommand({ ResourceArns: groups.map((g) => g.TargetGroupArn!) }))).TagDescriptions ?? [])
    : [];
  return {
    services: services.filter((s) => s.status === 'ACTIVE' && isFor(pr, s.tags)).map((s) => s.serviceName),
    revisions:
      (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `shop-api-pr-${pr}`, status: 'ACTIVE' }))).taskDefinitionArns ?? [],
    targetGroups: groupTags.filter((d) => isFor(pr, d.Tags)).map((d) => d.ResourceArn),
    rules: (await rulesOf(env.sim, alb.listenerArn, pr)).map((r) => r.Priority),
  };
}
const NOTHING = { services: [], revisions: [], targetGroups: [], rules: [] };

/** The preview service of PR `pr` as ECS describes it. */
async function previewService(pr: number) {
  const { ecs } = clients(env.sim);
  return (await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: [`api-pr-${pr}`] }))).services?.[0];
}

/** The listener rule of PR `pr`: its host, priority, target group, and that group's targets' health. */
async function route(pr: number) {
  const [rule] = await rulesOf(env.sim, alb.listenerArn, pr);
  const hosts = rule.Conditions?.flatMap((c) => c.HostHeaderConfig?.Values ?? c.Values ?? []) ?? [];
  const forward = rule.Actions?.find((a) => a.Type === 'forward');
  const targetGroupArn = forward?.TargetGroupArn ?? forward?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn ?? '';
  return {
    hosts,
    priority: Number(rule.Priority),
    targetGroupArn,
    health: targetHealth(env.sim.world, targetGroupArn).map((t) => t.state),
  };
}

const commentsOf = (pr: number) => github.state.comments.filter((c) => c.repository === SERVICE_REPO && c.issue === pr);
const deploymentsOf = (pr: number) => github.state.deployments.filter((d) => d.environment === `preview/pr-${pr}`);
/** A deployment's statuses, oldest first, and its latest one. */
const statusesOf = (id: number) => github.state.statuses.get(id) ?? [];
const latestStatus = (id: number) => statusesOf(id).at(-1)?.state ?? 'none';
/** The latest state of each deployment of PR `pr`'s environment, oldest deployment first. */
const statesOf = (pr: number) => deploymentsOf(pr).map((d) => latestStatus(d.id));

let head1 = '';
let image1 = '';

test('a pull request opened gets its preview: reachable by its rule on a healthy target, one comment with the URL, a deployment', async () => {
  head1 = push(1, 'pull request one');
  const result = await run('.github/workflows/preview.yml', event('opened', 1, head1));
  expect(failures(result)).toEqual([]);
  expect(result.conclusion).toBe('success');
  const call = result.job('preview');
  expect(call.outputs).toMatchObject({ mode: 'up', url: `http://pr-1.${DOMAIN}`, service: 'api-pr-1' });
  image1 = call.outputs['image-uri'];
  expect(image1).toMatch(new RegExp(`^${env.registry.host}/shop@sha256:[0-9a-f]{64}$`));
  expect(result.job('preview / down').result).toBe('skipped');
  // One concurrency group per pull request; a push cancels the update in progress, nothing else does.
  expect(call.called?.concurrency).toEqual({ group: `ecs-ship-preview-${SERVICE_REPO}-pr-1`, cancelInProgress: false });

  // The build role pushes the image, the preview role makes the preview; the head commit is what is built.
  expect(assumed(result)).toEqual([
    ['preview / build', PREVIEW_BUILD_ROLE(account), 'ok'],
    ['preview / up', PREVIEW_ROLE(account), 'ok'],
  ]);
  const checkouts = result.jobs.flatMap((j) => j.records.filter((r) => r.kind === 'checkout').map((r) => r.detail));
  for (const detail of checkouts) expect(detail).toMatchObject({ sha: head1, persistCredentials: false });
  // A preview build: tagged preview-<sha>, never the commit SHA a production deploy looks up.
  const build = result.job('preview / build').steps.find((s) => s.uses === '$/actions/build-push')!;
  expect(build.outputs.tags.split(',')).toEqual([`preview-${head1}`]);

  // Reachable: the rule for the preview's host forwards to its target group, whose target is healthy.
  const preview = await previewService(1);
  expect(preview).toMatchObject({
    status: 'ACTIVE',
    desiredCount: 1,
    runningCount: 1,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
  });
  const rule = await route(1);
  expect(rule.hosts).toEqual([`pr-1.${DOMAIN}`]);
  expect(preview!.loadBalancers?.[0]?.targetGroupArn).toBe(rule.targetGroupArn);
  expect(rule.health).toEqual(['healthy']);
  expect(rule.priority).toBeGreaterThanOrEqual(20000);
  expect(rule.priority).toBeLessThanOrEqual(20999);

  // On the pull request: one comment with the URL, and a successful deployment of preview/pr-1.
  expect(commentsOf(1).length).toBe(1);
  expect(commentsOf(1)[0].body).toContain(`http://pr-1.${DOMAIN}`);
  expect(deploymentsOf(1).map((d) => [d.sha, latestStatus(d.id)])).toEqual([[head1, 'success']]);
  expect(statusesOf(deploymentsOf(1)[0].id).at(-1)!.environment_url).toBe(`http://pr-1.${DOMAIN}`);
}, 600_000);

test('two more pushes update the preview in place: still one comment, updated, on the same rule', async () => {
  const before = await route(1);
  let head = head1;
  for (const page of ['pull request one, second push', 'pull request one, third push']) {
    head = push(1, page);
    const result = await run('.github/workflows/preview.yml', event('synchronize', 1, head));
    expect(failures(result)).toEqual([]);
    expect(result.job('preview').called?.concurrency).toEqual({ group: `ecs-ship-preview-${SERVICE_REPO}-pr-1`, cancelInProgress: true });
    expect(result.job('preview').outputs['image-uri']).not.toBe(image1);
  }
  expect(commentsOf(1).length).toBe(1);
  expect(commentsOf(1)[0].body).toContain(head.slice(0, 7));
  expect(commentsOf(1)[0].updated_at >= commentsOf(1)[0].created_at).toBe(true);
  expect(await route(1)).toEqual({ ...before, health: ['healthy'] });
  const running = await previewService(1);
  expect(running).toMatchObject({ desiredCount: 1, runningCount: 1 });
  expect(running!.deployments?.filter((d) => d.status === 'PRIMARY').map((d) => d.rolloutState)).toEqual(['COMPLETED']);
  // A deployment per push: the newest successful at the head commit, the older ones inactive.
  expect(deploymentsOf(1).at(-1)).toMatchObject({ sha: head });
  expect(statesOf(1)).toEqual(['inactive', 'inactive', 'success']);
  head1 = head;
}, 600_000);

let head2 = '';

test('a second pull request beside the first gets its own service, target group, host and priority', async () => {
  head2 = push(2, 'pull request two');
  const result = await run('.github/workflows/preview.yml', event('opened', 2, head2));
  expect(failures(result)).toEqual([]);
  expect(result.job('preview').outputs).toMatchObject({ url: `http://pr-2.${DOMAIN}`, service: 'api-pr-2' });
  const [one, two] = [await route(1), await route(2)];
  expect(two.hosts).toEqual([`pr-2.${DOMAIN}`]);
  expect(two.priority).not.toBe(one.priority);
  expect(two.targetGroupArn).not.toBe(one.targetGroupArn);
  expect(two.health).toEqual(['healthy']);
  expect(commentsOf(2).length).toBe(1);
  expect(commentsOf(1).length).toBe(1);
}, 600_000);

test('the limit of live previews is enforced: a third pull request fails naming the live ones, and nothing is made for it', async () => {
  const head = push(5, 'pull request five');
  const result = await run('.github/workflows/preview-limited.yml', event('opened', 5, head));
  expect(result.conclusion).toBe('failure');
  const up = result.job('preview / up');
  expect(up.result).toBe('failure');
  const message = up.annotations.join('\n');
  expect(message).toMatch(/api-pr-1/);
  expect(message).toMatch(/api-pr-2/);
  expect(await tagged(5)).toEqual(NOTHING);
  expect((await route(1)).health).toEqual(['healthy']);
}, 600_000);

test('a pull request from a fork gets a notice and no preview: no role assumed, nothing changed in AWS', async () => {
  const before = mutatingCalls();
  const result = await run('.github/workflows/preview.yml', event('opened', 3, head1, 'mallory/shop'));
  expect(failures(result)).toEqual([]);
  expect(result.job('preview').outputs.mode).toBe('fork');
  expect(result.job('preview / plan').annotations.join('\n')).toMatch(
    /^notice: .*from mallory\/shop: pull requests from forks get no preview/m,
  );
  for (const job of ['build', 'up', 'down']) expect(result.job(`preview / ${job}`).result).toBe('skipped');
  expect(assumed(result)).toEqual([]);
  expect(mutatingCalls()).toEqual(before);
  expect(commentsOf(3)).toEqual([]);
}, 120_000);

test('a close during an update waits for it and then removes everything: nothing orphaned, the deployment inactive', async () => {
  const head = push(2, 'pull request two, pushed just before closing');
  const update = run('.github/workflows/preview.yml', event('synchronize', 2, head));
  const group = `ecs-ship-preview-${SERVICE_REPO}-pr-2`;
  while (groupState(SERVICE_REPO, group).running === 0) await new Promise((r) => setTimeout(r, 20));
  const removal = close(2, head);
  // The close waits (pending) while the update's run holds the pull request's group.
  while (groupState(SERVICE_REPO, group).pending === 0) await new Promise((r) => setTimeout(r, 20));
  expect(groupState(SERVICE_REPO, group)).toEqual({ running: 1, pending: 1 });
  const [updated, removed] = await Promise.all([update, removal]);
  expect(failures(removed)).toEqual([]);
  expect(removed.job('preview').outputs.mode).toBe('down');
  // The pull request was closed on GitHub while the update deployed: the preview action sees it
  // (it reads the pull request's state) and takes back what it made, failing the update's run with
  // that cause; the close's removal then finds nothing or the rest.
  expect(failures(updated)).toEqual([
    ['preview / up', undefined, 'error: Pull request #2 was closed during the deploy: its preview was removed', expect.any(String)],
    ['preview', undefined],
  ]);
  for (const entry of JSON.parse(removed.job('preview').outputs.removed ?? '[]'))
    expect(entry).toEqual({ 'pull-request': 2, service: 'api-pr-2', reason: 'down' });
  expect(await tagged(2)).toEqual(NOTHING);
  expect((await previewService(2))?.status ?? 'MISSING').not.toBe('ACTIVE');
  expect(statesOf(2).every((state) => state === 'inactive')).toBe(true);
  expect(statesOf(2).length).toBeGreaterThan(0);
  // The first preview is untouched.
  expect((await route(1)).health).toEqual(['healthy']);
}, 600_000);

test('a second close is harmless: nothing to remove, nothing changed', async () => {
  const before = mutatingCalls();
  const again = await close(2, head2);
  expect(failures(again)).toEqual([]);
  expect(JSON.parse(again.job('preview').outputs.removed ?? '[]')).toEqual([]);
  expect(await tagged(2)).toEqual(NOTHING);
  const changed = Object.entries(mutatingCalls()).filter(([operation, n]) => n !== before[operation] && !operation.startsWith('sts.'));
  expect(changed).toEqual([]);
}, 300_000);

test('the nightly sweep removes an expired preview and one whose pull request closed without its run, and leaves a live one', async () => {
  // Two fresh previews of one commit (built once): #7 stays open, #8 is closed on GitHub without a run.
  const head = push(7, 'pull requests seven and eight');
  for (const number of [7, 8]) {
    github.setPullRequest({ repository: SERVICE_REPO, number, headSha: head, headRef: `feature-${number}`, state: 'open' });
    const opened = await run('.github/workflows/preview.yml', event('opened', number, head));
    expect(failures(opened)).toEqual([]);
  }
  github.setPullRequest({ repository: SERVICE_REPO, number: 8, state: 'closed' });
  // #1 was made minutes ago; to be past the TTL without waiting, its service's creation tag is moved
  // two hours back (the sweep reads the earliest creation tag of a preview's resources), as if it were old.
  const { ecs } = clients(env.sim);
  const serviceArn = async (pr: number) =>
    (await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: [`api-pr-${pr}`] }))).services![0].serviceArn!;
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
  await ecs.send(new TagResourceCommand({ resourceArn: await serviceArn(1), tags: [{ key: 'ecs-ship:created-at', value: twoHoursAgo }] }));

  const sweep = await run('.github/workflows/cleanup.yml', { name: 'schedule', schedule: '17 3 * * *' } as RunEvent);
  expect(failures(sweep)).toEqual([]);
  expect(sweep.conclusion).toBe('success');
  const outputs = sweep.job('cleanup').outputs;
  const byPr = (list: Array<{ 'pull-request': number }>) => [...list].sort((a, b) => a['pull-request'] - b['pull-request']);
  expect(byPr(JSON.parse(outputs.removed))).toEqual([
    { 'pull-request': 1, service: 'api-pr-1', reason: 'expired' },
    { 'pull-request': 8, service: 'api-pr-8', reason: 'closed' },
  ]);
  expect(JSON.parse(outputs.kept)).toEqual([{ 'pull-request': 7, service: 'api-pr-7' }]);
  const report = sweep.job('cleanup / sweep').steps.find((s) => s.name === 'Report')!.log;
  expect(report).toContain('Removed 2 preview(s), kept 1.');
  expect(report).toContain('removed: pull request #1 (api-pr-1), expired');
  expect(sweep.job('cleanup / sweep').summary).not.toBe('');

  expect(await tagged(1)).toEqual(NOTHING);
  expect(await tagged(8)).toEqual(NOTHING);
  expect((await route(7)).health).toEqual(['healthy']);
  expect(statesOf(1).every((state) => state === 'inactive')).toBe(true);
  expect(assumed(sweep)).toEqual([['cleanup / sweep', PREVIEW_ROLE(account), 'ok']]);
}, 600_000);
