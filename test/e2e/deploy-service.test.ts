import { setFaults } from '../aws-sim/control.js';
import { startSimulator, type Simulator } from '../aws-sim/server.js';
import {
  ARN,
  calls,
  CLUSTER,
  createCluster,
  createService,
  describeService,
  env,
  taskDefinition,
  writeTaskDefinition,
} from './deploy-service-fixtures.js';
import { runAction } from './run-action.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  await createCluster(sim);
});
afterAll(() => sim.stop());
beforeEach(() => sim.world.calls.clear());

const deploy = (inputs: Record<string, string>) =>
  runAction('deploy-service', { env: env(sim), inputs: { cluster: CLUSTER, 'poll-interval': '250ms', timeout: '60s', ...inputs } });

test('a rolling deploy registers the new revision, follows it to COMPLETED and reports it', async () => {
  await createService(sim, { service: 'api', image: 'repo/app:1', desiredCount: 2 });
  sim.world.calls.clear();
  const file = writeTaskDefinition(taskDefinition('api', 'repo/app:2'));
  const run = await deploy({ service: 'api', 'task-definition': file });

  expect(run.code).toBe(0);
  expect(run.outputs['task-definition-arn']).toBe(ARN('api', 2));
  expect(run.outputs['previous-task-definition-arn']).toBe(ARN('api', 1));
  expect(run.outputs['deployment-id']).toMatch(/^ecs-svc\/\d+$/);
  expect(run.stdout).toMatch(/api: registered api:2 \(changed from api:1: container web \(image\)\)/);
  expect(run.stdout).toMatch(/api: \d\/2 running.*rev 2/);
  expect(run.stdout).toMatch(/api: rev 2 deployment completed/);
  const [result] = JSON.parse(run.outputs.services);
  expect(result).toMatchObject({ service: 'api', result: 'succeeded', registered: true, imageChanges: ['web: repo/app:1 -> repo/app:2'] });

  const service = await describeService(sim, 'api');
  expect(service.taskDefinition).toBe(ARN('api', 2));
  expect(service.deployments?.find((d) => d.status === 'PRIMARY')?.id).toBe(run.outputs['deployment-id']);
  expect(calls(sim, 'ecs.RegisterTaskDefinition')).toBe(1);
  expect(calls(sim, 'ecs.UpdateService')).toBe(1);

  expect(run.summary).toContain('<td>api</td>');
  expect(run.summary).toContain('api:1 → rev 2 (registered)');
  expect(run.summary).toContain('web: repo/app:1 -&gt; repo/app:2');
  expect(run.summary).toContain('https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/api/deployments');

  // The same file again: identical to the running revision, so nothing is registered or updated.
  sim.world.calls.clear();
  const again = await deploy({ service: 'api', 'task-definition': file });
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('is identical to the running api:2: reusing it, not registering a new revision');
  expect(calls(sim, 'ecs.RegisterTaskDefinition')).toBe(0);
  expect(calls(sim, 'ecs.UpdateService')).toBe(0);
  expect(JSON.parse(again.outputs.services)[0]).toMatchObject({ result: 'unchanged', registered: false });
  expect(again.outputs['task-definition-arn']).toBe(ARN('api', 2));
});

test('deploy by ARN rolls a service back to a known revision without registering', async () => {
  await createService(sim, { service: 'billing', image: 'repo/billing:1' });
  const second = await deploy({ service: 'billing', 'task-definition': writeTaskDefinition(taskDefinition('billing', 'repo/billing:2')) });
  expect(second.code).toBe(0);
  sim.world.calls.clear();

  const run = await deploy({ service: 'billing', 'task-definition-arn': 'billing:1' });
  expect(run.code).toBe(0);
  expect(run.outputs['task-definition-arn']).toBe(ARN('billing', 1));
  expect(run.outputs['previous-task-definition-arn']).toBe(ARN('billing', 2));
  expect(calls(sim, 'ecs.RegisterTaskDefinition')).toBe(0);
  expect((await describeService(sim, 'billing')).taskDefinition).toBe(ARN('billing', 1));
});

test('two services deploy in parallel with one combined result', async () => {
  await createService(sim, { service: 'shop-api', image: 'repo/shop:1' });
  await createService(sim, { service: 'shop-worker', image: 'repo/shop:1' });
  const api = writeTaskDefinition(taskDefinition('shop-api', 'repo/shop:2'), 'api.json');
  const worker = writeTaskDefinition(taskDefinition('shop-worker', 'repo/shop:2'), 'worker.json');
  const run = await deploy({ services: `shop-api=${api}\nshop-worker=${worker}` });

  expect(run.code).toBe(0);
  const results = JSON.parse(run.outputs.services);
  expect(results.map((r: any) => [r.service, r.result, r.taskDefinitionArn])).toEqual([
    ['shop-api', 'succeeded', ARN('shop-api', 2)],
    ['shop-worker', 'succeeded', ARN('shop-worker', 2)],
  ]);
  // Both were updated before either finished: progress lines of the two interleave.
  const lines = run.stdout.split('\n');
  const firstDone = lines.findIndex((l) => /deployment completed/.test(l));
  expect(lines.slice(0, firstDone).some((l) => l.startsWith('shop-api: deploying'))).toBe(true);
  expect(lines.slice(0, firstDone).some((l) => l.startsWith('shop-worker: deploying'))).toBe(true);
  expect((await describeService(sim, 'shop-worker')).taskDefinition).toBe(ARN('shop-worker', 2));
  expect(run.summary).toContain('<td>shop-api</td>');
  expect(run.summary).toContain('<td>shop-worker</td>');
});

test('30% throttled calls still end in a successful deploy', async () => {
  await createService(sim, { service: 'throttled', image: 'repo/t:1' });
  setFaults(sim.world, { throttle: 0.3 });
  try {
    const run = await deploy({ service: 'throttled', 'task-definition': writeTaskDefinition(taskDefinition('throttled', 'repo/t:2')) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.services)[0].result).toBe('succeeded');
  } finally {
    setFaults(sim.world, {});
  }
  expect((await describeService(sim, 'throttled')).taskDefinition).toBe(ARN('throttled', 2));
});
