import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { setModes, setFaults } from '../../control.js';
import { simulatorClientConfig } from '../../server.js';
import { setTimings } from '../../services/ecs/scenarios.js';
import { createServiceWithRevision, fargateTaskDefinition } from '../../../fixtures/aws-world.js';
import { createCluster, NETWORK, registerFargate, startHarness, waitFor, type Harness } from './helpers.js';

/** ECS as AWS documents it when it is least convenient: tokens, listings, lagging reads, throttling in runs. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await createCluster(h);
});
afterEach(() => h.sim.stop());

const run = (taskDefinition: string, extra: Record<string, unknown> = {}) =>
  h.ecs.send(new RunTaskCommand({ cluster: 'main', taskDefinition, launchType: 'FARGATE', networkConfiguration: NETWORK, ...extra }));

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: Error) => e,
  );

describe('RunTask clientToken', () => {
  test('the same token with other parameters is a ConflictException naming the tasks it started; nothing new starts', async () => {
    const td = await registerFargate(h, { family: 'job', image: 'repo/job:1' });
    const first = await run(td, { clientToken: 'deploy-42', startedBy: 'a' });
    const error = (await errorOf(run(td, { clientToken: 'deploy-42', startedBy: 'b' }))) as Error & { resourceIds?: string[] };
    expect(error?.name).toBe('ConflictException');
    expect(error.resourceIds).toEqual([first.tasks![0].taskArn]);
    expect(h.sim.world.callCounts()['ecs.RunTask']).toBe(2);
    const listed = await h.ecs.send(new ListTasksCommand({ cluster: 'main' }));
    expect(listed.taskArns).toEqual([first.tasks![0].taskArn]);
  });

  test('a token is at most 64 characters of ASCII 33 to 126', async () => {
    const td = await registerFargate(h, { family: 'job', image: 'repo/job:1' });
    for (const token of ['x'.repeat(65), 'with space', 'é-accent', '']) {
      expect((await errorOf(run(td, { clientToken: token })))?.name).toBe('InvalidParameterException');
    }
    expect((await run(td, { clientToken: '!'.repeat(32) + '~'.repeat(32) })).tasks).toHaveLength(1);
  });

  test('tokens expire (ECS: after 24 hours): the same token then starts a new task', async () => {
    setTimings(h.sim.world, { clientTokenTtlMs: 50 });
    const td = await registerFargate(h, { family: 'job', image: 'repo/job:1' });
    const first = await run(td, { clientToken: 'nightly' });
    await new Promise((r) => setTimeout(r, 80));
    const again = await run(td, { clientToken: 'nightly' });
    expect(again.tasks![0].taskArn).not.toBe(first.tasks![0].taskArn);
  });
});

describe('ListTasks', () => {
  test('STOPPED lists only tasks stopped within the last hour (here: a shortened window)', async () => {
    const td = await registerFargate(h, { family: 'job', image: 'repo/job:1' });
    const old = (await run(td)).tasks![0].taskArn!;
    await h.ecs.send(new StopTaskCommand({ cluster: 'main', task: old }));
    const stoppedList = () => h.ecs.send(new ListTasksCommand({ cluster: 'main', desiredStatus: 'STOPPED' }));
    await waitFor(stoppedList, (l) => l.taskArns!.includes(old));
    await waitFor(
      async () => (await h.ecs.send(new DescribeTasksCommand({ cluster: 'main', tasks: [old] }))).tasks![0].lastStatus,
      (s) => s === 'STOPPED',
    );
    setTimings(h.sim.world, { stoppedTaskVisibleMs: 100 });
    await new Promise((r) => setTimeout(r, 150));
    expect((await stoppedList()).taskArns).toEqual([]);
  });

  test('maxResults is at most 100', async () => {
    expect((await errorOf(h.ecs.send(new ListTasksCommand({ cluster: 'main', maxResults: 101 }))))?.name).toBe('InvalidParameterException');
  });

  test('with shuffleListTasks the order is not creation order, and paging still returns every task once', async () => {
    setModes(h.sim.world, { shuffleListTasks: true });
    const td = await registerFargate(h, { family: 'job', image: 'repo/job:1' });
    const started: string[] = [];
    for (let i = 0; i < 3; i += 1) started.push(...(await run(td, { count: 10 })).tasks!.map((t) => t.taskArn!));
    const listed: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await h.ecs.send(new ListTasksCommand({ cluster: 'main', maxResults: 7, nextToken }));
      listed.push(...page.taskArns!);
      nextToken = page.nextToken;
    } while (nextToken);
    expect([...listed].sort()).toEqual([...started].sort());
    expect(listed).not.toEqual(started);
  });
});

describe('eventual consistency (consistencyWindowMs)', () => {
  /** Service api of cluster main on revision 1 of family api; returns the revision's ARN. */
  const createApi = () =>
    createServiceWithRevision(h, {
      cluster: 'main',
      service: 'api',
      document: fargateTaskDefinition({ family: 'api', image: 'repo/api:1', container: { name: 'app' } }),
      extra: { networkConfiguration: NETWORK },
    });

  test('right after UpdateService, DescribeServices does not show the new deployment yet; after the window it does', async () => {
    const v1 = await createApi();
    const v2 = await registerFargate(h, { family: 'api', image: 'repo/api:2' });
    setModes(h.sim.world, { consistencyWindowMs: 300 });
    const { service } = await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', taskDefinition: v2 }));
    const newId = service!.deployments![0].id;
    const describe = () => h.ecs.send(new DescribeServicesCommand({ cluster: 'main', services: ['api'] }));
    const soon = await describe();
    expect(soon.services![0].taskDefinition).toBe(v1);
    expect(soon.services![0].deployments!.map((d) => d.id)).not.toContain(newId);
    await new Promise((r) => setTimeout(r, 350));
    expect((await describe()).services![0].deployments![0].id).toBe(newId);
  });

  test('a service just created is MISSING for the window', async () => {
    setModes(h.sim.world, { consistencyWindowMs: 300 });
    await createApi();
    const { failures } = await h.ecs.send(new DescribeServicesCommand({ cluster: 'main', services: ['api'] }));
    expect(failures![0].reason).toBe('MISSING');
  });

  test("a just-registered revision is not yet the family's latest", async () => {
    await registerFargate(h, { family: 'api', image: 'repo/api:1' });
    setModes(h.sim.world, { consistencyWindowMs: 300 });
    const v2 = await registerFargate(h, { family: 'api', image: 'repo/api:2' });
    const latest = () => h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));
    expect((await latest()).taskDefinition!.revision).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
    expect((await latest()).taskDefinition!.taskDefinitionArn).toBe(v2);
  });
});

describe('throttling in runs and server errors', () => {
  test('a token bucket per account and region: the burst passes, then calls are refused until tokens refill', async () => {
    setModes(h.sim.world, { throttleBucket: { burst: 5, refillPerSecond: 2 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const error = await errorOf(h.ecs.send(new ListTasksCommand({ cluster: 'main' })));
      outcomes.push(error ? error.name : 'ok');
    }
    expect(outcomes).toEqual([...Array(5).fill('ok'), ...Array(3).fill('ThrottlingException')]);
    await new Promise((r) => setTimeout(r, 600));
    expect(await errorOf(h.ecs.send(new ListTasksCommand({ cluster: 'main' })))).toBeUndefined();
    expect(h.sim.world.bucketRefusals).toBe(3);
  });

  test("a run that outlasts the SDK's retries reaches the caller as ThrottlingException", async () => {
    setModes(h.sim.world, { throttleBucket: { burst: 1, refillPerSecond: 0.01 } });
    const retrying = new ECSClient({ ...simulatorClientConfig(h.sim), maxAttempts: 3 });
    await retrying.send(new ListTasksCommand({ cluster: 'main' }));
    const error = await errorOf(retrying.send(new ListTasksCommand({ cluster: 'main' })));
    expect(error?.name).toBe('ThrottlingException');
    expect(h.sim.world.bucketRefusals).toBe(3);
  });

  test("ECS's 5xx is ServerException", async () => {
    setFaults(h.sim.world, { serverError: 1, operations: ['ecs.ListTasks'] });
    const error = (await errorOf(h.ecs.send(new ListTasksCommand({ cluster: 'main' })))) as Error & {
      $metadata?: { httpStatusCode?: number };
    };
    expect(error?.name).toBe('ServerException');
    expect(error.$metadata?.httpStatusCode).toBe(500);
  });
});
