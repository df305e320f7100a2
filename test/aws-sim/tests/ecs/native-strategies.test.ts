import {
  ContinueServiceDeploymentCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { putMetricAlarmForTest, setAlarmState } from '../../services/cloudwatch/state.js';
import { setTimings } from '../../services/ecs/scenarios.js';
import { createCluster, NETWORK, registerFargate, startHarness, waitFor, type Harness } from './helpers.js';

/**
 * ECS-native strategies: a service deployment walks its lifecycle stages, shifts production
 * traffic in the strategy's steps, bakes, rolls back on an alarm, pauses at PAUSE hooks until
 * ContinueServiceDeployment, and StopServiceDeployment rolls it back.
 */

let h: Harness;
let blueArn: string;
let greenArn: string;
let count = 0;

beforeAll(async () => {
  h = await startHarness();
  setTimings(h.sim.world, { minuteMs: 40 });
  await createCluster(h);
  blueArn = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  greenArn = await registerFargate(h, { family: 'api', image: 'repo/api:2' });
});
afterAll(() => h.sim.stop());

/** A service running blue at steady state, then updated to green with this configuration. */
async function deployWith(config: DeploymentConfiguration): Promise<{ service: string; arn: string }> {
  const service = `api-${(count += 1)}`;
  await h.ecs.send(
    new CreateServiceCommand({
      cluster: 'main',
      serviceName: service,
      taskDefinition: blueArn,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
    }),
  );
  await waitFor(latest(service), (sd) => sd?.status === 'SUCCESSFUL');
  await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service, taskDefinition: greenArn, deploymentConfiguration: config }));
  const sd = await waitFor(latest(service), (d) => d?.targetServiceRevision?.arn !== undefined && d.status === 'IN_PROGRESS');
  return { service, arn: sd!.serviceDeploymentArn! };
}

const latest = (service: string) => async (): Promise<ServiceDeployment | undefined> => {
  const listed = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'main', service }));
  const arn = listed.serviceDeployments?.[0]?.serviceDeploymentArn;
  return arn ? describe(arn) : undefined;
};

const describe = async (arn: string): Promise<ServiceDeployment> =>
  (await h.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0];

/** Follows a deployment to an end, recording each (stage, production weight) it showed. */
async function walk(arn: string, until: (sd: ServiceDeployment) => boolean = ended) {
  const seen: string[] = [];
  const last = await waitFor(async () => {
    const sd = await describe(arn);
    const line = `${sd.lifecycleStage} ${sd.targetServiceRevision?.requestedProductionTrafficWeight}`;
    if (seen.at(-1) !== line) seen.push(line);
    return sd;
  }, until);
  return { seen, last };
}
const ended = (sd: ServiceDeployment) => !['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(sd.status!);

const tasksOf = async (service: string) =>
  (await h.ecs.send(new DescribeServicesCommand({ cluster: 'main', services: [service] }))).services![0];

test('CANARY shifts its percent, bakes, then shifts the rest; blue runs until CLEAN_UP', async () => {
  const { service, arn } = await deployWith({
    strategy: 'CANARY',
    canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 },
    bakeTimeInMinutes: 2,
  });
  const { seen, last } = await walk(arn);
  expect(last.status).toBe('SUCCESSFUL');
  expect(last.lifecycleStage).toBe('CLEAN_UP');
  expect(last.targetServiceRevision).toMatchObject({
    requestedProductionTrafficWeight: 100,
    requestedTestTrafficWeight: 100,
    runningTaskCount: 2,
  });
  // Stages in order; 10% during the canary bake; BAKE_TIME with all traffic on green.
  const stages = seen.map((line) => line.split(' ')[0]);
  const order = ['SCALE_UP', 'PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP'];
  expect(order.map((s) => stages.indexOf(s))).toEqual([...order.map((s) => stages.indexOf(s))].sort((a, b) => a - b));
  expect(seen).toContain('PRODUCTION_TRAFFIC_SHIFT 10');
  expect(seen).toContain('BAKE_TIME 100');
  const after = await tasksOf(service);
  expect(after.deployments).toHaveLength(1);
  expect(after.deployments![0]).toMatchObject({ taskDefinition: greenArn, rolloutState: 'COMPLETED' });
});

test('LINEAR shifts in equal steps; BLUE_GREEN all at once', async () => {
  const linear = await deployWith({
    strategy: 'LINEAR',
    linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 },
    bakeTimeInMinutes: 0,
  });
  const { seen } = await walk(linear.arn);
  // The last shift to 100 moves on at once (no bake after it): seen in whichever stage follows.
  const weights = seen.map((l) => Number(l.split(' ')[1])).filter((w) => w > 0);
  expect([...new Set(weights)]).toEqual([25, 50, 75, 100]);

  const blueGreen = await deployWith({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 });
  const bg = await walk(blueGreen.arn);
  expect(bg.last.status).toBe('SUCCESSFUL');
  const bgWeights = bg.seen.map((l) => Number(l.split(' ')[1]));
  expect(bgWeights.filter((w) => w > 0 && w < 100)).toEqual([]);
  expect(bg.seen).toContain('BAKE_TIME 100');
});

test('an alarm in ALARM during the bake rolls back, naming the alarm; traffic and tasks return to blue', async () => {
  putMetricAlarmForTest(h.sim.world, 'api-5xx');
  setAlarmState(h.sim.world, 'api-5xx', 'OK', 'fine');
  const { service, arn } = await deployWith({
    strategy: 'CANARY',
    canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
    bakeTimeInMinutes: 100,
    alarms: { alarmNames: ['api-5xx'], enable: true, rollback: true },
  });
  await walk(arn, (sd) => sd.lifecycleStage === 'BAKE_TIME');
  setAlarmState(h.sim.world, 'api-5xx', 'ALARM', 'Threshold Crossed: 1 datapoint [9.0] was greater than the threshold (5.0).');
  const statuses: string[] = [];
  const last = await waitFor(async () => {
    const sd = await describe(arn);
    if (statuses.at(-1) !== sd.status) statuses.push(sd.status!);
    return sd;
  }, ended);
  expect(statuses).toEqual(expect.arrayContaining(['ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL']));
  expect(last.alarms).toEqual({ status: 'TRIGGERED', alarmNames: ['api-5xx'], triggeredAlarmNames: ['api-5xx'] });
  expect(last.rollback?.reason).toContain('api-5xx');
  expect(last.targetServiceRevision?.requestedProductionTrafficWeight).toBe(0);
  const after = await tasksOf(service);
  expect(after.taskDefinition).toBe(blueArn);
  expect(after.deployments).toHaveLength(1);
  expect(after.deployments![0].taskDefinition).toBe(blueArn);
  expect(after.events!.map((e) => e.message)).toEqual(
    expect.arrayContaining([expect.stringMatching(/deployment failed: alarm detected\.$/)]),
  );
  setAlarmState(h.sim.world, 'api-5xx', 'OK', 'fine');
});

test('a PAUSE hook holds its stage until ContinueServiceDeployment', async () => {
  const { arn } = await deployWith({
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 1,
    lifecycleHooks: [
      { targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], timeoutConfiguration: { timeoutInMinutes: 1000 } },
    ],
  });
  const paused = (await walk(arn, (sd) => sd.lifecycleHookDetails?.some((d) => d.status === 'AWAITING_ACTION') ?? false)).last;
  expect(paused.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
  expect(paused.lifecycleHookDetails![0]).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION', timeoutAction: 'ROLLBACK' });
  // Still there a while later: a pause waits.
  await new Promise((r) => setTimeout(r, 300));
  expect((await describe(arn)).lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
  await expect(h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: 'nope' }))).rejects.toMatchObject({
    name: 'InvalidParameterException',
  });
  const hookId = paused.lifecycleHookDetails![0].hookId!;
  await h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action: 'CONTINUE' }));
  const { last } = await walk(arn);
  expect(last.status).toBe('SUCCESSFUL');
  expect(last.lifecycleHookDetails![0].status).toBe('SUCCEEDED');
});

test('a PAUSE hook that times out takes its timeout action (ROLLBACK by default)', async () => {
  const { arn } = await deployWith({
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 1,
    lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'], timeoutConfiguration: { timeoutInMinutes: 2 } }],
  });
  const { last } = await walk(arn);
  expect(last.status).toBe('ROLLBACK_SUCCESSFUL');
  expect(last.lifecycleHookDetails![0].status).toBe('TIMED_OUT');
});

test('StopServiceDeployment ROLLBACK rolls back a deployment under way; a finished one is a ConflictException', async () => {
  const { arn } = await deployWith({
    strategy: 'CANARY',
    canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 100 },
    bakeTimeInMinutes: 1,
  });
  await walk(arn, (sd) => sd.targetServiceRevision?.requestedProductionTrafficWeight === 5);
  await h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
  const { last } = await walk(arn);
  expect(last.status).toBe('ROLLBACK_SUCCESSFUL');
  await expect(h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }))).rejects.toMatchObject({
    name: 'ConflictException',
  });
  await expect(
    h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn.replace(/[^/]+$/, 'unknown'), stopType: 'ROLLBACK' })),
  ).rejects.toMatchObject({ name: 'ServiceDeploymentNotFoundException' });
});

test('configurations the API Reference calls invalid are refused', async () => {
  const update = (deploymentConfiguration: DeploymentConfiguration) =>
    h.ecs.send(
      new CreateServiceCommand({
        cluster: 'main',
        serviceName: 'refused',
        taskDefinition: blueArn,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        deploymentConfiguration,
      }),
    );
  await expect(update({ strategy: 'BLUE_GREEN' })).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: expect.stringMatching(/bakeTimeInMinutes/),
  });
  await expect(update({ strategy: 'CANARY', canaryConfiguration: { canaryPercent: 0 } })).rejects.toMatchObject({
    name: 'InvalidParameterException',
  });
  await expect(update({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 2 } })).rejects.toMatchObject({
    name: 'InvalidParameterException',
  });
  await expect(
    update({ strategy: 'CANARY', lifecycleHooks: [{ targetType: 'AWS_LAMBDA', lifecycleStages: ['PRE_SCALE_UP'] }] }),
  ).rejects.toMatchObject({
    name: 'InvalidParameterException',
  });
});
