import { ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DEFAULT_TIMINGS, setScenario, setTimings } from '../aws-sim/services/ecs/scenarios.js';
import {
  ARN,
  calls,
  clients,
  CLUSTER,
  createService,
  deployServiceSuite,
  describeService,
  MUTATING,
  taskDefinition,
  whenPrinted,
  writeTaskDefinition,
} from './deploy-service-fixtures.js';

const suite = deployServiceSuite();
const { deploy } = suite;

const fileFor = (service: string, image: string) => writeTaskDefinition(taskDefinition(service, image));

test('a crash-looping image fails with the exit code and the last log lines, and is rolled back on request', async () => {
  await createService(suite.sim, { service: 'crash', image: 'repo/crash:1' });
  setScenario(suite.sim.world, {
    image: 'repo/crash:2',
    outcome: 'exit',
    exitCode: 3,
    afterMs: 50,
    logs: ['booting', 'Error: DATABASE_URL is not set'],
  });
  const run = await deploy({ service: 'crash', 'task-definition': fileFor('crash', 'repo/crash:2'), 'rollback-on-failure': 'true' });

  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(
    /^crash: rev 2 keeps failing: \d+ tasks exited with code 3 \(container web\); rolled back to crash:1 \(deployment ecs-svc\/\d+\)$/,
  );
  expect(run.stdout).toMatch(/crash: task [0-9a-f]+ exited with code 3 \(container web\)/);
  expect(run.stdout).toMatch(/stop code EssentialContainerExited: Essential container in task exited/);
  expect(run.stdout).toMatch(/web: STOPPED, exit code 3/);
  expect(run.stdout).toMatch(/last log lines of container web[^\n]*\n\s+booting\n\s+Error: DATABASE_URL is not set/);
  // Only this deployment's events are repeated under the failure, not the previous rollout's.
  const events = run.stdout.slice(run.stdout.indexOf('crash: last service events:'));
  expect(events).toMatch(/^crash: last service events:\n\s+\S+ \(service crash\) /);
  expect(events).not.toContain('has reached a steady state');
  const [result] = JSON.parse(run.outputs.services);
  expect(result).toMatchObject({ result: 'failed', taskDefinitionArn: ARN('crash', 2) });
  expect(run.summary).toContain('❌ failed');
  expect(run.summary).toContain('exited with code 3 (container web)');
  expect(run.summary).toMatch(/<p>crash: rev 2 keeps failing: [^<]*; rolled back to crash:1/);
  // rollback-on-failure put the service back on its previous revision.
  expect((await describeService(suite.sim, 'crash')).taskDefinition).toBe(ARN('crash', 1));
});

test('a circuit-breaker rollback fails the step and names the rolled-back revision', async () => {
  await createService(suite.sim, { service: 'breaker', image: 'repo/breaker:1', circuitBreaker: { enable: true, rollback: true } });
  setScenario(suite.sim.world, { image: 'repo/breaker:2', outcome: 'exit', exitCode: 1, afterMs: 30, logs: ['panic: boom'] });
  suite.sim.world.calls.clear();
  const run = await deploy({ service: 'breaker', 'task-definition': fileFor('breaker', 'repo/breaker:2'), 'rollback-on-failure': 'true' });

  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    expect.stringMatching(/^breaker: rev 2 rolled back by the circuit breaker: \d+ tasks? exited with code 1 \(container web\)$/),
  ]);
  expect(run.stdout).toContain('panic: boom');
  // ECS rolled back by itself: the action did not send a second UpdateService.
  expect(calls(suite.sim, 'ecs.UpdateService')).toBe(1);
  const service = await describeService(suite.sim, 'breaker');
  expect(service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition).toBe(ARN('breaker', 1));
});

test('a pull error names the image', async () => {
  await createService(suite.sim, { service: 'pull', image: 'repo/pull:1' });
  setScenario(suite.sim.world, { image: 'repo/pull:missing', outcome: 'pull-error' });
  const run = await deploy({ service: 'pull', 'task-definition': fileFor('pull', 'repo/pull:missing') });

  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    expect.stringMatching(/^pull: rev 2 keeps failing: \d+ tasks could not pull image repo\/pull:missing \(container web\)$/),
  ]);
  expect(run.stdout).toMatch(/CannotPullContainerError/);
});

test('a timeout reports the state of the deployment', async () => {
  await createService(suite.sim, { service: 'stuck', image: 'repo/stuck:1' });
  setScenario(suite.sim.world, { image: 'repo/stuck:2', outcome: 'no-capacity' });
  const run = await deploy({ service: 'stuck', 'task-definition': fileFor('stuck', 'repo/stuck:2'), timeout: '2s' });

  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/^stuck: rev 2 did not complete within 2s: 0\/2 running, rev 2; rev 1 draining 2$/)]);
  expect(run.stdout).toMatch(/stuck: \(service stuck\) was unable to place a task/);
  expect(JSON.parse(run.outputs.services)[0].result).toBe('failed');
});

test('a missing service fails after a second look (reads lag writes), before anything is registered', async () => {
  suite.sim.world.calls.clear();
  const run = await deploy({ service: 'nope', 'task-definition': fileFor('nope', 'repo/nope:1') });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['nope: service not found in cluster prod']);
  expect(MUTATING.reduce((sum, key) => sum + calls(suite.sim, key), 0)).toBe(0);
  // A service created a moment ago may read MISSING: one look again, not a wait.
  expect(calls(suite.sim, 'ecs.DescribeServices')).toBe(2);
});

test('one failing service of two: the other still deploys, and one combined error names the failure', async () => {
  await createService(suite.sim, { service: 'pair-api', image: 'repo/pair:1' });
  await createService(suite.sim, { service: 'pair-worker', image: 'repo/pair:1' });
  setScenario(suite.sim.world, { family: 'pair-worker', image: 'repo/pair:2', outcome: 'exit', exitCode: 2, afterMs: 20 });
  const api = writeTaskDefinition(taskDefinition('pair-api', 'repo/pair:2'), 'api.json');
  const worker = writeTaskDefinition(taskDefinition('pair-worker', 'repo/pair:2'), 'worker.json');
  const run = await deploy({ services: `pair-api=${api}\npair-worker=${worker}` });

  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    expect.stringMatching(/^1 of 2 services failed: pair-worker: rev 2 keeps failing: \d+ tasks exited with code 2 \(container web\)$/),
  ]);
  const results = JSON.parse(run.outputs.services);
  expect(results.map((r: any) => [r.service, r.result])).toEqual([
    ['pair-api', 'succeeded'],
    ['pair-worker', 'failed'],
  ]);
  expect((await describeService(suite.sim, 'pair-api')).taskDefinition).toBe(ARN('pair-api', 2));
  expect(run.summary).toMatch(/<td>pair-api<\/td>((?!<\/tr>).)*✅ deployed/s);
  expect(run.summary).toContain('<p>pair-worker: rev 2 keeps failing');
});

test('a circuit breaker without rollback fails the step as soon as the deployment is FAILED', async () => {
  await createService(suite.sim, { service: 'halt', image: 'repo/halt:1', circuitBreaker: { enable: true, rollback: false } });
  setScenario(suite.sim.world, { image: 'repo/halt:2', outcome: 'pull-error' });
  const run = await deploy({ service: 'halt', 'task-definition': fileFor('halt', 'repo/halt:2') });

  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    expect.stringMatching(/^halt: rev 2 failed: \d+ tasks could not pull image repo\/halt:2 \(container web\)$/),
  ]);
  expect(run.stdout).toMatch(/halt: \(service halt\) \(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\./);
  const service = await describeService(suite.sim, 'halt');
  expect(service.deployments?.find((d) => d.status === 'PRIMARY')).toMatchObject({
    taskDefinition: ARN('halt', 2),
    rolloutState: 'FAILED',
  });
});

test('a deployment replaced by another one while it rolls out fails the step and names the newer revision', async () => {
  await createService(suite.sim, { service: 'race', image: 'repo/race:1', desiredCount: 1 });
  setTimings(suite.sim.world, { pendingMs: 3000 }); // the new task starts slowly: time for someone else to deploy
  const other = () =>
    clients(suite.sim).ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'race', taskDefinition: ARN('race', 1), forceNewDeployment: true }),
    );
  const run = await deploy(
    { service: 'race', 'task-definition': fileFor('race', 'repo/race:2') },
    { onStart: (child) => void whenPrinted(child, 'race: deploying').then(other) },
  ).finally(() => setTimings(suite.sim.world, { pendingMs: DEFAULT_TIMINGS.pendingMs }));

  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['race: rev 2 was replaced by another deployment (rev 1) before it completed']);
  expect((await describeService(suite.sim, 'race')).taskDefinition).toBe(ARN('race', 1));
});

test('the cause is found when more than a page of older tasks has stopped (ListTasks pages)', async () => {
  await createService(suite.sim, {
    service: 'busy',
    image: 'repo/busy:1',
    desiredCount: 1,
    circuitBreaker: { enable: true, rollback: true },
  });
  // 120 tasks of rev 1 start and are scaled in again: they fill the first ListTasks page of stopped tasks.
  const { ecs } = clients(suite.sim);
  const scale = (desiredCount: number) => ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'busy', desiredCount }));
  await scale(120);
  await until(async () => (await describeService(suite.sim, 'busy')).runningCount === 120);
  await scale(1);
  await until(async () => (await describeService(suite.sim, 'busy')).runningCount === 1);
  const stopped = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'busy', desiredStatus: 'STOPPED' }));
  expect(stopped.nextToken).toBeDefined();

  setScenario(suite.sim.world, { image: 'repo/busy:2', outcome: 'exit', exitCode: 5, afterMs: 30 });
  const run = await deploy({ service: 'busy', 'task-definition': fileFor('busy', 'repo/busy:2') });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    expect.stringMatching(/^busy: rev 2 rolled back by the circuit breaker: \d+ tasks? exited with code 5 \(container web\)$/),
  ]);
  expect(run.stdout).toMatch(/busy: task [0-9a-f]+ exited with code 5 \(container web\)/);
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the simulator did not reach the state the test set up');
}
