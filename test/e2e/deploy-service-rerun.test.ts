import { DEFAULT_TIMINGS, setScenario, setTimings } from '../aws-sim/services/ecs/scenarios.js';
import {
  ARN,
  calls,
  createService,
  deployServiceSuite,
  describeService,
  MUTATING,
  taskDefinition,
  whenPrinted,
  writeTaskDefinition,
} from './deploy-service-fixtures.js';
import type { ActionRun } from './run-action.js';

/**
 * Re-runs: a deploy of the revision the service already runs changes nothing in AWS, but its
 * verdict is the verdict of that revision's PRIMARY deployment, never "nothing to deploy" while
 * that deployment is still rolling out or has failed.
 */
const suite = deployServiceSuite();
const { deploy } = suite;

const fileFor = (service: string, image: string) => writeTaskDefinition(taskDefinition(service, image));
const mutatingCalls = () => MUTATING.reduce((sum, key) => sum + calls(suite.sim, key), 0);
/** New tasks take 1.5 s to start: a deployment is still rolling out when the next run looks. */
const slowStarts = () => setTimings(suite.sim.world, { pendingMs: 1500 });
/**
 * A task counts as stable after 500 ms, not the default 50: the crash scenarios exit 30-50 ms
 * after starting, and on a loaded machine a 20 ms margin let a crashing task pass for stable.
 */
beforeEach(() => setTimings(suite.sim.world, { stableMs: 500 }));
afterEach(() => setTimings(suite.sim.world, { pendingMs: DEFAULT_TIMINGS.pendingMs, stableMs: DEFAULT_TIMINGS.stableMs }));
const primaryOf = async (service: string) => (await describeService(suite.sim, service)).deployments?.find((d) => d.status === 'PRIMARY');

test('wait: true after wait: false follows the crash-looping deployment and fails with its cause', async () => {
  await createService(suite.sim, { service: 'crashy', image: 'repo/crashy:1' });
  setScenario(suite.sim.world, { image: 'repo/crashy:2', outcome: 'exit', exitCode: 3, afterMs: 50, logs: ['Error: no config'] });
  const file = fileFor('crashy', 'repo/crashy:2');
  const started = await deploy({ service: 'crashy', 'task-definition': file, wait: 'false' });
  expect(started.code).toBe(0);
  expect(JSON.parse(started.outputs.services)[0].result).toBe('started');

  suite.sim.world.calls.clear();
  const run = await deploy({ service: 'crashy', 'task-definition': file });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/^crashy: rev 2 keeps failing: \d+ tasks exited with code 3 \(container web\)$/)]);
  expect(run.stdout).not.toContain('nothing to deploy');
  expect(run.stdout).toContain('Error: no config');
  expect(JSON.parse(run.outputs.services)[0]).toMatchObject({ result: 'failed', taskDefinitionArn: ARN('crashy', 2), registered: false });
  expect(run.outputs['deployment-id']).toBe(started.outputs['deployment-id']);
  // The re-run registered nothing and did not update the service.
  expect(mutatingCalls()).toBe(0);
});

test('a re-run of a deploy whose deployment FAILED (circuit breaker without rollback) fails again at once', async () => {
  await createService(suite.sim, { service: 'stopped', image: 'repo/stopped:1', circuitBreaker: { enable: true, rollback: false } });
  setScenario(suite.sim.world, { image: 'repo/stopped:2', outcome: 'pull-error' });
  const file = fileFor('stopped', 'repo/stopped:2');
  const first = await deploy({ service: 'stopped', 'task-definition': file });
  expect(first.code).toBe(1);
  expect(await primaryOf('stopped')).toMatchObject({ taskDefinition: ARN('stopped', 2), rolloutState: 'FAILED' });

  for (const wait of ['true', 'false']) {
    suite.sim.world.calls.clear();
    const run = await deploy({ service: 'stopped', 'task-definition': file, wait });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(/^stopped: rev 2 failed: \d+ tasks could not pull image repo\/stopped:2 \(container web\)$/),
    ]);
    expect(mutatingCalls()).toBe(0);
  }
});

test('a re-run after the circuit breaker rolled back deploys the revision again and fails again', async () => {
  await createService(suite.sim, { service: 'bounce', image: 'repo/bounce:1', circuitBreaker: { enable: true, rollback: true } });
  setScenario(suite.sim.world, { image: 'repo/bounce:2', outcome: 'exit', exitCode: 1, afterMs: 30 });
  const file = fileFor('bounce', 'repo/bounce:2');
  const first = await deploy({ service: 'bounce', 'task-definition': file });
  expect(first.code).toBe(1);

  suite.sim.world.calls.clear();
  const run = await deploy({ service: 'bounce', 'task-definition': file });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/^bounce: rev 2 rolled back by the circuit breaker: /)]);
  expect(calls(suite.sim, 'ecs.RegisterTaskDefinition')).toBe(0);
  expect((await primaryOf('bounce'))?.taskDefinition).toBe(ARN('bounce', 1));
});

test('wait: true after wait: false of a healthy revision follows it to COMPLETED without changing anything', async () => {
  await createService(suite.sim, { service: 'calm', image: 'repo/calm:1' });
  const file = fileFor('calm', 'repo/calm:2');
  slowStarts();
  const started = await deploy({ service: 'calm', 'task-definition': file, wait: 'false' });
  expect(started.code).toBe(0);

  expect((await primaryOf('calm'))?.rolloutState).toBe('IN_PROGRESS');
  suite.sim.world.calls.clear();
  const run = await deploy({ service: 'calm', 'task-definition': file });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/calm: rev 2 deployment completed/);
  expect(JSON.parse(run.outputs.services)[0]).toMatchObject({ result: 'unchanged', registered: false, taskDefinitionArn: ARN('calm', 2) });
  expect(mutatingCalls()).toBe(0);
  expect(await primaryOf('calm')).toMatchObject({ taskDefinition: ARN('calm', 2), rolloutState: 'COMPLETED' });
});

test('a second deploy of the same file while the first runs reports the same failure', async () => {
  await createService(suite.sim, { service: 'twice', image: 'repo/twice:1' });
  setScenario(suite.sim.world, { image: 'repo/twice:2', outcome: 'exit', exitCode: 4, afterMs: 30 });
  slowStarts();
  const file = fileFor('twice', 'repo/twice:2');
  suite.sim.world.calls.clear();
  let second: Promise<ActionRun> | undefined;
  const first = await deploy(
    { service: 'twice', 'task-definition': file },
    {
      onStart: (child) =>
        void whenPrinted(child, 'twice: deploying').then(() => (second = deploy({ service: 'twice', 'task-definition': file }))),
    },
  );
  expect(second).toBeDefined();
  const secondRun = await second!;
  for (const run of [first, secondRun]) {
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^twice: rev 2 keeps failing: \d+ tasks exited with code 4 \(container web\)$/)]);
  }
  expect(calls(suite.sim, 'ecs.UpdateService')).toBe(1);
});
