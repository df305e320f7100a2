import {
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { setTimings } from '../aws-sim/services/ecs/scenarios.js';
import { startSimulator } from '../aws-sim/server.js';
import { startGitHubSim } from '../github-sim/server.js';
import {
  CLUSTER,
  clients,
  createBaseService,
  createPlace,
  DOMAIN,
  leftovers,
  mutatingCalls,
  prEvent,
  previewTaskDefinition,
  REPOSITORY,
  rulesOf,
  runPreview,
  sha,
  writeTaskDefinition,
  type PreviewSuite,
} from './preview-fixtures.js';
import { whenPrinted } from './deploy-service-fixtures.js';

/**
 * The preview action's bundle, run as the runner runs it, against the AWS simulator (ECS, ELBv2)
 * and the GitHub stand-in: the whole life of previews of pull requests of acme/shop.
 */

const suite = {} as PreviewSuite;
const IMAGE = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-previews:${tag}`;

beforeAll(async () => {
  suite.sim = await startSimulator();
  suite.alb = await createPlace(suite.sim);
  suite.github = await startGitHubSim({ aws: suite.sim });
  suite.token = suite.github.issueToken({
    repository: REPOSITORY,
    permissions: { deployments: 'write', 'pull-requests': 'write', issues: 'write' },
  });
  for (const number of [7, 8, 9, 10, 11, 12]) suite.github.setPullRequest({ repository: REPOSITORY, number });
});
afterAll(async () => {
  await suite.github?.stop();
  await suite.sim?.stop();
});

const up = (pr: number, head: string, image: string, inputs: Record<string, string> = {}, options = {}) =>
  runPreview(
    suite,
    {
      command: 'up',
      'base-service': 'api',
      'task-definition': writeTaskDefinition(previewTaskDefinition('api', image)),
      'preview-domain': DOMAIN,
      ...inputs,
    },
    { event: prEvent(pr, head), ...options },
  );
const down = (pr: number, options = {}) => runPreview(suite, { command: 'down' }, { event: prEvent(pr, sha(pr)), ...options });
const comments = (pr: number) => suite.github.state.comments.filter((c) => c.issue === pr && c.body.includes('<!-- ecs-ship-preview -->'));
const deploymentsOf = (pr: number) => suite.github.state.deployments.filter((d) => d.environment === `preview/pr-${pr}`);
const latestState = (id: number) => suite.github.state.statuses.get(id)!.at(-1)?.state;

async function service(name: string) {
  const answer = await clients(suite.sim).ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [name], include: ['TAGS'] }));
  return answer.services?.[0];
}

test('a pull request gets a preview: service, target group, host rule, one comment with the URL and a deployment', async () => {
  const run = await up(7, sha(7), IMAGE('pr-7-a'));
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.url).toBe(`http://pr-7.${DOMAIN}`);
  expect(run.outputs.service).toBe('api-pr-7');
  expect(run.outputs['rule-priority']).toBe('20000');
  const svc = await service('api-pr-7');
  expect(svc?.status).toBe('ACTIVE');
  expect(svc?.capacityProviderStrategy?.map((item) => item.capacityProvider)).toEqual(['FARGATE_SPOT']);
  expect(svc?.loadBalancers).toEqual([{ targetGroupArn: run.outputs['target-group-arn'], containerName: 'web', containerPort: 8080 }]);
  expect(Object.fromEntries(svc!.tags!.map((t) => [t.key, t.value]))).toMatchObject({
    'ecs-ship:preview': 'true',
    'ecs-ship:repository': REPOSITORY,
    'ecs-ship:pull-request': '7',
    'ecs-ship:head-sha': sha(7),
  });
  const rules = await rulesOf(suite.sim, suite.alb.listenerArn, 7);
  expect(rules.map((r) => [r.Priority, r.Conditions?.[0].HostHeaderConfig?.Values, r.Actions?.[0].TargetGroupArn])).toEqual([
    ['20000', [`pr-7.${DOMAIN}`], run.outputs['target-group-arn']],
  ]);
  const { taskDefinition, tags } = await clients(suite.sim).ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: run.outputs['task-definition-arn'], include: ['TAGS'] }),
  );
  expect(taskDefinition?.family).toBe('api-pr-7');
  expect(tags).toEqual(expect.arrayContaining([{ key: 'ecs-ship:pull-request', value: '7' }]));
  expect(comments(7)).toHaveLength(1);
  expect(comments(7)[0].body).toContain(`http://pr-7.${DOMAIN}`);
  expect(comments(7)[0].body).toContain(IMAGE('pr-7-a'));
  expect(comments(7)[0].body).toContain('ready');
  const [deployment] = deploymentsOf(7);
  expect(deployment.sha).toBe(sha(7));
  expect(latestState(deployment.id)).toBe('success');
  expect(suite.github.state.statuses.get(deployment.id)!.at(-1)?.environment_url).toBe(`http://pr-7.${DOMAIN}`);
  expect(run.summaryText).toContain(`http://pr-7.${DOMAIN}`);
});

test('a push updates the preview in place: same service and rule, a new revision, still one comment', async () => {
  const before = await service('api-pr-7');
  const run = await up(7, sha(70), IMAGE('pr-7-b'));
  expect(run.errors).toEqual([]);
  expect(run.outputs['rule-priority']).toBe('20000');
  const after = await service('api-pr-7');
  expect(after?.serviceArn).toBe(before?.serviceArn);
  expect(after?.taskDefinition).toBe(run.outputs['task-definition-arn']);
  expect(after?.taskDefinition).not.toBe(before?.taskDefinition);
  expect(after?.tags).toEqual(expect.arrayContaining([{ key: 'ecs-ship:head-sha', value: sha(70) }]));
  expect(await rulesOf(suite.sim, suite.alb.listenerArn, 7)).toHaveLength(1);
  expect(comments(7)).toHaveLength(1);
  expect(comments(7)[0].body).toContain(IMAGE('pr-7-b'));
  const deployments = deploymentsOf(7);
  expect(deployments).toHaveLength(2);
  expect(deployments.map((d) => latestState(d.id))).toEqual(['inactive', 'success']);
});

test('a second pull request gets its own names and the next priority', async () => {
  const run = await up(8, sha(8), IMAGE('pr-8'));
  expect(run.errors).toEqual([]);
  expect(run.outputs.service).toBe('api-pr-8');
  expect(run.outputs['rule-priority']).toBe('20001');
  expect(run.outputs['target-group-arn']).not.toBe((await service('api-pr-7'))?.loadBalancers?.[0].targetGroupArn);
  expect(comments(8)).toHaveLength(1);
});

test('the limit of live previews is enforced before any change, naming the live ones', async () => {
  const before = mutatingCalls(suite.sim);
  const run = await up(9, sha(9), IMAGE('pr-9'), { 'max-previews': '2' });
  expect(run.code).toBe(1);
  expect(run.errors.join('\n')).toMatch(/2 live previews.*#7 \(api-pr-7\), #8 \(api-pr-8\)/);
  expect(mutatingCalls(suite.sim)).toBe(before);
  expect(await service('api-pr-9')).toBeUndefined();
  expect(comments(9)).toHaveLength(0);
});

test('a pull request from a fork gets a notice and no preview', async () => {
  const before = { aws: mutatingCalls(suite.sim), github: suite.github.requests.length };
  const run = await up(11, sha(11), IMAGE('pr-11'), {}, { event: prEvent(11, sha(11), 'mallory/shop') });
  expect(run.code).toBe(0);
  expect(run.outputs.skipped).toBe('fork');
  expect(run.stdout).toMatch(/::notice::Pull request #11 comes from a fork/);
  expect(mutatingCalls(suite.sim)).toBe(before.aws);
  expect(suite.github.requests.length).toBe(before.github);
});

test.each([
  [{ 'priority-band': '0-10' }, /Input "priority-band" has value "0-10"/],
  [{ 'preview-domain': 'not a domain' }, /Input "preview-domain" has value "not a domain"/],
  [{ 'container-name': 'worker' }, /Input "container-name" has value "worker".*no container named "worker"/],
  [{ 'max-previews': '0' }, /Input "max-previews" has value "0"/],
  [{ 'base-service': '' }, /Input required and not supplied: base-service/],
])('bad input %p is refused before any AWS change', async (inputs, message) => {
  const before = mutatingCalls(suite.sim);
  const run = await up(12, sha(12), IMAGE('pr-12'), inputs as Record<string, string>);
  expect(run.code).toBe(1);
  expect(run.errors.join('\n')).toMatch(message);
  expect(mutatingCalls(suite.sim)).toBe(before);
});

test('a service of the preview name that the toolkit did not tag is left alone: up refuses, down keeps it', async () => {
  await createBaseService(suite.sim, 'api-pr-13');
  const before = mutatingCalls(suite.sim);
  const run = await up(13, sha(13), IMAGE('pr-13'));
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    "Service api-pr-13 exists but is not tagged as this pull request's preview (ecs-ship:preview): the toolkit leaves it alone",
  ]);
  expect(mutatingCalls(suite.sim)).toBe(before);
  const removal = await down(13);
  expect(removal.errors).toEqual([]);
  expect(JSON.parse(removal.outputs.removed)).toEqual([]);
  expect((await service('api-pr-13'))?.status).toBe('ACTIVE');
});

test('down removes everything tagged for the pull request, marks the deployment inactive; twice is harmless', async () => {
  const run = await down(7);
  expect(run.errors).toEqual([]);
  expect(JSON.parse(run.outputs.removed)).toEqual([{ 'pull-request': 7, service: 'api-pr-7', reason: 'down' }]);
  expect(await leftovers(suite.sim, 7)).toEqual({ services: [], revisions: [], targetGroups: [] });
  expect(await rulesOf(suite.sim, suite.alb.listenerArn, 7)).toEqual([]);
  expect((await service('api-pr-7'))?.status).toBe('INACTIVE');
  expect(deploymentsOf(7).map((d) => latestState(d.id))).toEqual(['inactive', 'inactive']);
  expect(comments(7)).toHaveLength(1);
  expect(comments(7)[0].body).toContain('removed');
  // PR 8 is untouched.
  expect((await service('api-pr-8'))?.status).toBe('ACTIVE');
  const again = await down(7);
  expect(again.errors).toEqual([]);
  expect(JSON.parse(again.outputs.removed)).toEqual([]);
  expect(comments(7)).toHaveLength(1);
});

test('a reopened pull request gets its preview again once the old service has drained', async () => {
  const run = await up(7, sha(71), IMAGE('pr-7-c'));
  expect(run.errors).toEqual([]);
  expect((await service('api-pr-7'))?.status).toBe('ACTIVE');
  expect(comments(7)).toHaveLength(1);
  expect((await down(7)).errors).toEqual([]);
});

test('a removal while an update waits for its task leaves nothing behind, and the update says so', async () => {
  setTimings(suite.sim.world, { pendingMs: 60_000 });
  try {
    let child: import('node:child_process').ChildProcess | undefined;
    const inFlight = up(9, sha(90), IMAGE('pr-9-slow'), {}, { onStart: (c: import('node:child_process').ChildProcess) => (child = c) });
    await whenPrinted(child!, '0 running, 1 pending of 1');
    const removal = await down(9);
    const update = await inFlight;
    expect(removal.errors).toEqual([]);
    expect(JSON.parse(removal.outputs.removed)).toEqual([{ 'pull-request': 9, service: 'api-pr-9', reason: 'down' }]);
    expect(update.code).toBe(1);
    expect(update.errors).toEqual([
      "The preview's service api-pr-9 was removed while it was being deployed (the pull request was closed?)",
    ]);
    expect(await leftovers(suite.sim, 9)).toEqual({ services: [], revisions: [], targetGroups: [] });
    expect(await rulesOf(suite.sim, suite.alb.listenerArn, 9)).toEqual([]);
    // The update did not write "failed" over the removal.
    expect(comments(9)[0].body).toContain('removed');
    expect(deploymentsOf(9).every((d) => latestState(d.id) === 'inactive')).toBe(true);
  } finally {
    setTimings(suite.sim.world, { pendingMs: 30 });
  }
});

test('a preview made again while its old service still drains waits for it to be INACTIVE', async () => {
  expect((await up(9, sha(91), IMAGE('pr-9-b'))).errors).toEqual([]);
  // Long enough to outlast the bundle's start on a busy machine.
  setTimings(suite.sim.world, { drainMs: 10_000 });
  try {
    const { ecs } = clients(suite.sim);
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'api-pr-9', desiredCount: 0 }));
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'api-pr-9' }));
    expect((await service('api-pr-9'))?.status).toBe('DRAINING');
    const run = await up(9, sha(92), IMAGE('pr-9-c'));
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain('Service api-pr-9 is still draining from an earlier removal');
    expect((await service('api-pr-9'))?.status).toBe('ACTIVE');
  } finally {
    setTimings(suite.sim.world, { drainMs: 30 });
    expect((await down(9)).errors).toEqual([]);
  }
});

test('a close noticed when an update ends makes the update remove what it made', async () => {
  let child: import('node:child_process').ChildProcess | undefined;
  const inFlight = up(9, sha(93), IMAGE('pr-9-d'), {}, { onStart: (c: import('node:child_process').ChildProcess) => (child = c) });
  await whenPrinted(child!, 'Created service api-pr-9');
  suite.github.setPullRequest({ repository: REPOSITORY, number: 9, state: 'closed' });
  const update = await inFlight;
  const removal = await down(9);
  expect(update.code).toBe(1);
  expect(update.errors).toEqual(['Pull request #9 was closed during the deploy: its preview was removed']);
  expect(removal.errors).toEqual([]);
  expect(await leftovers(suite.sim, 9)).toEqual({ services: [], revisions: [], targetGroups: [] });
  expect(await rulesOf(suite.sim, suite.alb.listenerArn, 9)).toEqual([]);
  expect(deploymentsOf(9).every((d) => latestState(d.id) === 'inactive')).toBe(true);
});

test('the sweep removes an expired preview and a closed one, and leaves a live one', async () => {
  expect((await up(10, sha(10), IMAGE('pr-10'))).errors).toEqual([]);
  const old = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
  const pr10 = await service('api-pr-10');
  await clients(suite.sim).ecs.send(
    new TagResourceCommand({ resourceArn: pr10!.serviceArn!, tags: [{ key: 'ecs-ship:created-at', value: old }] }),
  );
  expect((await up(12, sha(12), IMAGE('pr-12'))).errors).toEqual([]);
  suite.github.setPullRequest({ repository: REPOSITORY, number: 12, state: 'closed' });
  const run = await runPreview(suite, { command: 'sweep', ttl: '48h' });
  expect(run.errors).toEqual([]);
  expect(JSON.parse(run.outputs.removed)).toEqual([
    { 'pull-request': 10, service: 'api-pr-10', reason: 'expired' },
    { 'pull-request': 12, service: 'api-pr-12', reason: 'closed' },
  ]);
  expect(JSON.parse(run.outputs.kept)).toEqual([{ 'pull-request': 8, service: 'api-pr-8' }]);
  expect(await leftovers(suite.sim, 10)).toEqual({ services: [], revisions: [], targetGroups: [] });
  expect(await leftovers(suite.sim, 12)).toEqual({ services: [], revisions: [], targetGroups: [] });
  expect((await service('api-pr-8'))?.status).toBe('ACTIVE');
  expect(run.summaryText).toMatch(/2 removed, 1 kept/);
});

test('long base service names give target group names within 32 characters, distinct for two services', async () => {
  const long = 'checkout-recommendations-service-with-a-very-long-name';
  await createBaseService(suite.sim, `${long}-eu`);
  await createBaseService(suite.sim, `${long}-us`);
  const names: string[] = [];
  for (const base of [`${long}-eu`, `${long}-us`]) {
    // Two previews of one pull request need two domains: the rule matches pr-<n>.<domain>.
    const run = await up(8, sha(8), IMAGE('pr-8'), { 'base-service': base, 'preview-domain': `${base.slice(-2)}.${DOMAIN}` });
    expect(run.errors).toEqual([]);
    expect(run.outputs.service).toBe(`${base}-pr-8`);
    names.push(run.outputs['target-group-arn'].split(':targetgroup/')[1].split('/')[0]);
  }
  expect(names.every((n) => n.length <= 32)).toBe(true);
  expect(new Set(names).size).toBe(2);
  expect(comments(8)).toHaveLength(3);
});
