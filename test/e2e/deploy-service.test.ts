import { setFaults } from '../aws-sim/control.js';
import { seedAlb } from '../aws-sim/services/elbv2/seed.js';
import {
  ARN,
  calls,
  createService,
  deployServiceSuite,
  describeService,
  taskDefinition,
  writeTaskDefinition,
} from './deploy-service-fixtures.js';

const suite = deployServiceSuite();
const { deploy } = suite;
beforeEach(() => suite.sim.world.calls.clear());

test('a rolling deploy registers the new revision, follows it to COMPLETED and reports it', async () => {
  // Settings managed elsewhere (Terraform, the console) that a deploy must leave alone: a real
  // target group behind an ALB listener, as ECS refuses one that does not exist.
  const alb = await seedAlb(suite.sim.world, { name: 'api', targetGroups: ['web'], weights: [1] });
  const managedElsewhere = {
    loadBalancers: [{ targetGroupArn: alb.targetGroupArns[0], containerName: 'web', containerPort: 8080 }],
    healthCheckGracePeriodSeconds: 30,
  };
  const volumeConfigurations = [{ name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ebs', sizeInGiB: 20 } }];
  await createService(suite.sim, {
    service: 'api',
    image: 'repo/app:1',
    desiredCount: 2,
    extra: { ...managedElsewhere, volumeConfigurations },
  });
  suite.sim.world.calls.clear();
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

  // Each service event is printed once.
  const events = run.stdout.split('\n').filter((line) => line.startsWith('api: (service api)'));
  expect(events.length).toBeGreaterThan(0);
  expect(new Set(events).size).toBe(events.length);

  const service = await describeService(suite.sim, 'api');
  expect(service.taskDefinition).toBe(ARN('api', 2));
  // UpdateService sent only the task definition: nothing managed elsewhere was reset.
  expect(service).toMatchObject(managedElsewhere);
  expect(service.networkConfiguration?.awsvpcConfiguration?.subnets).toEqual(['subnet-0123abcd']);
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  expect(primary?.id).toBe(run.outputs['deployment-id']);
  expect(primary?.volumeConfigurations).toEqual(volumeConfigurations);
  expect(calls(suite.sim, 'ecs.RegisterTaskDefinition')).toBe(1);
  expect(calls(suite.sim, 'ecs.UpdateService')).toBe(1);

  expect(run.summary).toContain('<td>api</td>');
  expect(run.summary).toContain('api:1 → rev 2 (registered)');
  expect(run.summary).toContain('web: repo/app:1 -&gt; repo/app:2');
  expect(run.summary).toContain('https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/api/deployments');

  // The same file again: identical to the running revision, so nothing is registered or updated.
  suite.sim.world.calls.clear();
  const again = await deploy({ service: 'api', 'task-definition': file });
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('is identical to the running api:2: reusing it, not registering a new revision');
  expect(calls(suite.sim, 'ecs.RegisterTaskDefinition')).toBe(0);
  expect(calls(suite.sim, 'ecs.UpdateService')).toBe(0);
  expect(JSON.parse(again.outputs.services)[0]).toMatchObject({ result: 'unchanged', registered: false });
  expect(again.outputs['task-definition-arn']).toBe(ARN('api', 2));
});

test('deploy by ARN rolls a service back to a known revision without registering', async () => {
  await createService(suite.sim, { service: 'billing', image: 'repo/billing:1' });
  const second = await deploy({ service: 'billing', 'task-definition': writeTaskDefinition(taskDefinition('billing', 'repo/billing:2')) });
  expect(second.code).toBe(0);
  suite.sim.world.calls.clear();

  const run = await deploy({ service: 'billing', 'task-definition-arn': 'billing:1' });
  expect(run.code).toBe(0);
  expect(run.outputs['task-definition-arn']).toBe(ARN('billing', 1));
  expect(run.outputs['previous-task-definition-arn']).toBe(ARN('billing', 2));
  expect(calls(suite.sim, 'ecs.RegisterTaskDefinition')).toBe(0);
  expect((await describeService(suite.sim, 'billing')).taskDefinition).toBe(ARN('billing', 1));
});

test('two services deploy in parallel with one combined result', async () => {
  await createService(suite.sim, { service: 'shop-api', image: 'repo/shop:1' });
  await createService(suite.sim, { service: 'shop-worker', image: 'repo/shop:1' });
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
  expect((await describeService(suite.sim, 'shop-worker')).taskDefinition).toBe(ARN('shop-worker', 2));
  expect(run.summary).toContain('<td>shop-api</td>');
  expect(run.summary).toContain('<td>shop-worker</td>');
});

test('30% throttled calls still end in a successful deploy', async () => {
  await createService(suite.sim, { service: 'throttled', image: 'repo/t:1' });
  setFaults(suite.sim.world, { throttle: 0.3 });
  try {
    const run = await deploy({ service: 'throttled', 'task-definition': writeTaskDefinition(taskDefinition('throttled', 'repo/t:2')) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.services)[0].result).toBe('succeeded');
  } finally {
    setFaults(suite.sim.world, {});
  }
  expect((await describeService(suite.sim, 'throttled')).taskDefinition).toBe(ARN('throttled', 2));
});

test('desired-count alone scales the service and waits for the count; force-new-deployment restarts it on the same revision', async () => {
  await createService(suite.sim, { service: 'scale', image: 'repo/scale:1', desiredCount: 1 });
  const file = writeTaskDefinition(taskDefinition('scale', 'repo/scale:1'));
  const before = await describeService(suite.sim, 'scale');
  suite.sim.world.calls.clear();

  const scaled = await deploy({ service: 'scale', 'task-definition': file, 'desired-count': '3' });
  expect(scaled.code).toBe(0);
  expect(scaled.stdout).toContain('scale: updated the service (desired count 3); no new deployment');
  expect(JSON.parse(scaled.outputs.services)[0]).toMatchObject({
    result: 'succeeded',
    registered: false,
    taskDefinitionArn: ARN('scale', 1),
  });
  expect(calls(suite.sim, 'ecs.RegisterTaskDefinition')).toBe(0);
  const after = await describeService(suite.sim, 'scale');
  expect(after).toMatchObject({ desiredCount: 3, runningCount: 3 });
  expect(after.deployments?.map((d) => d.id)).toEqual([before.deployments![0].id]);

  const forced = await deploy({ service: 'scale', 'task-definition': file, 'force-new-deployment': 'true' });
  expect(forced.code).toBe(0);
  expect(forced.stdout).toMatch(/scale: deploying scale:1 over rev 1 \(deployment ecs-svc\/\d+\)/);
  expect(forced.outputs['deployment-id']).not.toBe(before.deployments![0].id);
  const restarted = await describeService(suite.sim, 'scale');
  expect(restarted.deployments).toMatchObject([
    { id: forced.outputs['deployment-id'], taskDefinition: ARN('scale', 1), rolloutState: 'COMPLETED', runningCount: 3 },
  ]);
});

test('wait: false updates the service and returns without following the rollout', async () => {
  await createService(suite.sim, { service: 'nowait', image: 'repo/nowait:1' });
  suite.sim.world.calls.clear();
  const run = await deploy({
    service: 'nowait',
    'task-definition': writeTaskDefinition(taskDefinition('nowait', 'repo/nowait:2')),
    wait: 'false',
  });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.outputs.services)[0]).toMatchObject({ result: 'started', taskDefinitionArn: ARN('nowait', 2) });
  expect(run.summary).toContain('started (not waited for)');
  // Two DescribeServices before the update (the second once reads had time to settle), none after it.
  expect(calls(suite.sim, 'ecs.DescribeServices')).toBe(2);
  expect((await describeService(suite.sim, 'nowait')).taskDefinition).toBe(ARN('nowait', 2));
});
