import {
  DescribeTargetHealthCommand,
  DeregisterTargetsCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';
import { setScenario } from '../../services/ecs/scenarios.js';
import { seedAlb, setElbTimings, setTargetHealth, targetHealth } from '../../services/elbv2/seed.js';
import { waitFor } from '../ecs/helpers.js';
import { createTargetGroup, errorOf } from './helpers.js';

/** ECS services behind target groups: registration of RUNNING tasks, health, draining on stop. */

let sim: Simulator;
let ecs: ECSClient;
let elb: ElasticLoadBalancingV2Client;
beforeEach(async () => {
  sim = await startSimulator({ harsh: false });
  ecs = new ECSClient(simulatorClientConfig(sim));
  elb = new ElasticLoadBalancingV2Client(simulatorClientConfig(sim));
  await ecs.send(new CreateClusterCommand({ clusterName: 'main', capacityProviders: ['FARGATE'] }));
});
afterEach(() => sim.stop());

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'] } };

async function registerWeb(image = 'repo/web:1'): Promise<string> {
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image, essential: true, portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

const health = async (tg: string) => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions!;

async function createWebService(tg: string, desiredCount = 2, serviceName = 'web') {
  return ecs.send(
    new CreateServiceCommand({
      cluster: 'main',
      serviceName,
      taskDefinition: await registerWeb(),
      desiredCount,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 8080 }],
    }),
  );
}

test("a service's RUNNING tasks are registered by ENI address, initial then healthy, and drain when stopped", async () => {
  const alb = await seedAlb(sim.world, { name: 'web' });
  const [blue] = alb.targetGroupArns;
  await createWebService(blue);
  const healthy = await waitFor(
    () => health(blue),
    (d) => d.length === 2 && d.every((t) => t.TargetHealth!.State === 'healthy'),
  );
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'main' }));
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'main', tasks: taskArns }));
  const addresses = tasks!.map((t) => t.attachments![0].details!.find((d) => d.name === 'privateIPv4Address')!.value);
  expect(healthy.map((d) => d.Target!.Id).sort()).toEqual(addresses.sort());
  expect(healthy[0]).toMatchObject({ Target: { Port: 8080 }, HealthCheckPort: '8080' });
  setElbTimings(sim.world, { deregistrationDelayMs: 500 });
  await ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'web', desiredCount: 0 }));
  const draining = await waitFor(
    () => health(blue),
    (d) => d.some((t) => t.TargetHealth!.State === 'draining'),
  );
  expect(draining.find((t) => t.TargetHealth!.State === 'draining')!.TargetHealth).toEqual({
    State: 'draining',
    Reason: 'Target.DeregistrationInProgress',
    Description: 'Target deregistration is in progress',
  });
  await waitFor(
    () => health(blue),
    (d) => d.length === 0,
  );
});

test('a registered task is initial until its first health check', async () => {
  const alb = await seedAlb(sim.world, { name: 'web' });
  setElbTimings(sim.world, { healthCheckMs: 60_000 });
  await createWebService(alb.targetGroupArns[0]);
  const initial = await waitFor(
    () => health(alb.targetGroupArns[0]),
    (d) => d.length === 2,
  );
  expect(initial.map((d) => d.TargetHealth)).toEqual([
    { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' },
    { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' },
  ]);
});

test('a task scripted unhealthy fails its target health checks', async () => {
  const alb = await seedAlb(sim.world, { name: 'web' });
  setScenario(sim.world, { image: 'repo/web:1', outcome: 'unhealthy', afterMs: 5_000 });
  await createWebService(alb.targetGroupArns[0], 1);
  const [target] = await waitFor(
    () => health(alb.targetGroupArns[0]),
    (d) => d[0]?.TargetHealth!.State === 'unhealthy',
  );
  expect(target.TargetHealth).toEqual({
    State: 'unhealthy',
    Reason: 'Target.ResponseCodeMismatch',
    Description: 'Health checks failed with these codes: [503]',
  });
});

test('CreateService refuses a target group no listener or rule uses, and one that does not exist', async () => {
  const lonely = await createTargetGroup({ sim, elb }, 'lonely');
  expect(await errorOf(createWebService(lonely))).toMatchObject({
    name: 'InvalidParameterException',
    message: `The target group with targetGroupArn ${lonely} does not have an associated load balancer.`,
  });
  expect((await errorOf(createWebService(lonely.replace('lonely', 'ghost'), 1, 'ghost'))).name).toBe('InvalidParameterException');
  expect(sim.world.appliedCounts()['ecs.CreateService']).toBe(2);
  const alb = await seedAlb(sim.world, { name: 'web' });
  const wrongPort = await errorOf(
    ecs.send(
      new CreateServiceCommand({
        cluster: 'main',
        serviceName: 'web',
        taskDefinition: await registerWeb(),
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        loadBalancers: [{ targetGroupArn: alb.targetGroupArns[0], containerName: 'web', containerPort: 80 }],
      }),
    ),
  );
  expect(wrongPort).toMatchObject({
    name: 'InvalidParameterException',
    message: 'The container web did not have a container port 80 defined.',
  });
  const { taskDefinition: bridge } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web-ec2',
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'web', image: 'repo/web:1', memory: 256, portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  const bridged = await errorOf(
    ecs.send(
      new CreateServiceCommand({
        cluster: 'main',
        serviceName: 'web-ec2',
        taskDefinition: bridge!.taskDefinitionArn,
        launchType: 'EC2',
        loadBalancers: [{ targetGroupArn: alb.targetGroupArns[0], containerName: 'web', containerPort: 8080 }],
      }),
    ),
  );
  expect(bridged.message).toBe(
    `The provided target group ${alb.targetGroupArns[0]} has target type ip, which is incompatible with the bridge network mode specified in the task definition.`,
  );
});

test('RegisterTargets, DescribeTargetHealth for given targets, DeregisterTargets; unused while no listener forwards', async () => {
  const alb = await seedAlb(sim.world, { name: 'web' });
  const lonely = await createTargetGroup({ sim, elb }, 'lonely');
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: lonely, Targets: [{ Id: '10.0.0.9' }] }));
  expect((await health(lonely))[0].TargetHealth).toMatchObject({ State: 'unused', Reason: 'Target.NotInUse' });
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: alb.targetGroupArns[1], Targets: [{ Id: '10.0.0.7', Port: 9000 }] }));
  await waitFor(
    () => health(alb.targetGroupArns[1]),
    (d) => d[0].TargetHealth!.State === 'healthy',
  );
  const asked = await elb.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: alb.targetGroupArns[1], Targets: [{ Id: '10.0.0.8', Port: 9000 }] }),
  );
  expect(asked.TargetHealthDescriptions![0].TargetHealth).toMatchObject({ State: 'unused', Reason: 'Target.NotRegistered' });
  expect((await errorOf(elb.send(new RegisterTargetsCommand({ TargetGroupArn: lonely, Targets: [{ Id: 'i-0abc12345' }] })))).name).toBe(
    'InvalidTargetException',
  );
  await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArns[1], Targets: [{ Id: '10.0.0.7', Port: 9000 }] }));
  expect((await health(alb.targetGroupArns[1]))[0].TargetHealth!.State).toBe('draining');
  await waitFor(
    () => health(alb.targetGroupArns[1]),
    (d) => d.length === 0,
  );
});

test('setTargetHealth forces a group unhealthy (health checks no longer change it); control verbs work over HTTP', async () => {
  const alb = await seedAlb(sim.world, { name: 'web' });
  const green = alb.targetGroupArns[1];
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: green, Targets: [{ Id: '10.0.0.7' }, { Id: '10.0.0.8' }] }));
  expect(setTargetHealth(sim.world, green, 'unhealthy', { reason: 'Target.Timeout' })).toBe(2);
  await new Promise((r) => setTimeout(r, 80)); // longer than healthCheckMs: the scheduled check must not undo it
  expect(targetHealth(sim.world, green)).toEqual([
    { id: '10.0.0.7', port: 8080, state: 'unhealthy', reason: 'Target.Timeout' },
    { id: '10.0.0.8', port: 8080, state: 'unhealthy', reason: 'Target.Timeout' },
  ]);
  const post = async (verb: string, body: unknown) => {
    const response = await fetch(`${sim.url}/_sim/elbv2/${verb}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  expect(await post('target-health', { targetGroupArn: green, state: 'healthy', targetId: '10.0.0.8' })).toEqual({
    status: 200,
    body: { changed: 1 },
  });
  expect((await health(green)).map((d) => d.TargetHealth!.State)).toEqual(['unhealthy', 'healthy']);
  expect((await post('target-health', { targetGroupArn: green, state: 'unhealthy', reason: 'Nope' })).status).toBe(400);
  const seeded = await post('seed-alb', { name: 'other', weights: [3, 1] });
  expect(seeded.status).toBe(200);
  expect((await post('weights', { arn: seeded.body.listenerArn })).body).toEqual([
    { targetGroupArn: seeded.body.targetGroupArns[0], weight: 3 },
    { targetGroupArn: seeded.body.targetGroupArns[1], weight: 1 },
  ]);
  expect((await post('timings', { healthCheckMs: 5 })).body).toEqual({ healthCheckMs: 5, deregistrationDelayMs: 50 });
});
