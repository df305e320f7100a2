import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
} from '@aws-sdk/client-ecs';
import { setTimings } from '../aws-sim/services/ecs/scenarios.js';
import { simulatorEnv } from '../aws-sim/server.js';
import { ARN, clients, CLUSTER, createService, deployServiceSuite, describeService, taskDefinition } from './deploy-service-fixtures.js';
import { alarmDuringBake } from './ecs-canary-alarm.js';
import { runAction, type RunOptions } from './run-action.js';

/**
 * route-canary mode ecs, run as the runner runs it: it follows a service deployment of ECS's own
 * CANARY or BLUE_GREEN strategy through its stages, stops at a chosen stage, promotes a deployment
 * paused by a PAUSE lifecycle hook, aborts, and fails naming the alarm when ECS rolls back.
 */

const suite = deployServiceSuite();

beforeAll(() => {
  // A "minute" of the simulated bakes and hook timeouts lasts 40 ms.
  setTimings(suite.sim.world, { minuteMs: 40 });
});

const canary = (inputs: NonNullable<RunOptions['inputs']>, options: Omit<RunOptions, 'inputs'> = {}) =>
  runAction('route-canary', {
    env: simulatorEnv(suite.sim),
    ...options,
    inputs: { mode: 'ecs', cluster: CLUSTER, 'poll-interval': '250ms', timeout: '60s', ...inputs },
  });

/** A service at steady state on rev 1 with `config`, then updated to rev 2: its native deployment starts. */
async function startDeployment(service: string, config: DeploymentConfiguration): Promise<string> {
  await createService(suite.sim, { service, image: `repo/${service}:1`, extra: { deploymentConfiguration: config } });
  const { ecs } = clients(suite.sim);
  const { taskDefinition: rev2 } = await ecs.send(new RegisterTaskDefinitionCommand(taskDefinition(service, `repo/${service}:2`) as any));
  await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service, taskDefinition: rev2!.taskDefinitionArn }));
  const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service, status: ['IN_PROGRESS'] }));
  return listed.serviceDeployments![0].serviceDeploymentArn!;
}

const statusOf = async (arn: string) =>
  (await clients(suite.sim).ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0];

const CANARY: DeploymentConfiguration = {
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 20 },
  bakeTimeInMinutes: 10,
};

test('walk follows a CANARY deployment through its stages to SUCCESSFUL', async () => {
  // The canary bake (100 simulated minutes, 4 s) outlasts the bundle's start.
  const arn = await startDeployment('web', {
    ...CANARY,
    canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 100 },
    bakeTimeInMinutes: 25,
  });
  const run = await canary({ service: 'web' });

  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(
    /web: CANARY deployment in progress at PRODUCTION_TRAFFIC_SHIFT, new revision 10% of production traffic \(canary bake 1h40m left\)/,
  );
  expect(run.stdout).toMatch(/web: CANARY deployment in progress at BAKE_TIME, new revision 100% of production traffic \(bake 25m left\)/);
  expect(run.outputs).toMatchObject({ 'rolled-back': 'false', reason: '', 'canary-weight': '100' });
  expect(run.outputs.final).toBe('SUCCESSFUL at CLEAN_UP, new revision 100% of production traffic');
  expect(run.summary).toContain('Canary (ECS)');
  expect(run.summary).toContain('canary 10%, stable 90%');
  expect((await statusOf(arn)).status).toBe('SUCCESSFUL');
});

test('stop-at-stage ends the step at BAKE_TIME; abort then rolls the deployment back', async () => {
  const arn = await startDeployment('shop', { ...CANARY, bakeTimeInMinutes: 1000 });
  const stopped = await canary({ service: 'shop', 'stop-at-stage': 'BAKE_TIME' });

  expect(stopped.errors).toEqual([]);
  expect(stopped.code).toBe(0);
  expect(stopped.outputs.final).toBe('IN_PROGRESS at BAKE_TIME, new revision 100% of production traffic');
  expect(stopped.outputs.reason).toMatch(/^reached BAKE_TIME \(stop-at-stage\)/);
  expect((await statusOf(arn)).status).toBe('IN_PROGRESS');

  suite.sim.world.calls.clear();
  const aborted = await canary({ service: 'shop', action: 'abort' });
  expect(aborted.errors).toEqual([]);
  expect(aborted.code).toBe(0);
  expect(aborted.stdout).toContain('shop: asked ECS to roll back (StopServiceDeployment ROLLBACK) at BAKE_TIME');
  expect(aborted.outputs).toMatchObject({ 'rolled-back': 'true', 'canary-weight': '0' });
  expect(aborted.outputs.final).toMatch(/^ROLLBACK_SUCCESSFUL/);
  expect(suite.sim.world.appliedCounts()['ecs.StopServiceDeployment']).toBe(1);
  expect((await describeService(suite.sim, 'shop')).taskDefinition).toBe(ARN('shop', 1));
});

test('promote continues a BLUE_GREEN deployment paused by a PAUSE lifecycle hook', async () => {
  const arn = await startDeployment('api', {
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: 5,
    lifecycleHooks: [
      { targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], timeoutConfiguration: { timeoutInMinutes: 1440 } },
    ],
  });
  const paused = await canary({ service: 'api' });
  expect(paused.errors).toEqual([]);
  expect(paused.code).toBe(0);
  expect(paused.outputs.final).toMatch(
    /^IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT, new revision 0% of production traffic, paused by lifecycle hook \S+$/,
  );
  expect(paused.outputs.reason).toMatch(/run route-canary with action promote to continue/);
  expect((await statusOf(arn)).status).toBe('IN_PROGRESS');

  suite.sim.world.calls.clear();
  const promoted = await canary({ service: 'api', action: 'promote' });
  expect(promoted.errors).toEqual([]);
  expect(promoted.code).toBe(0);
  expect(promoted.stdout).toMatch(/api: continued lifecycle hook \S+ at POST_TEST_TRAFFIC_SHIFT \(ContinueServiceDeployment CONTINUE\)/);
  expect(promoted.outputs.final).toBe('SUCCESSFUL at CLEAN_UP, new revision 100% of production traffic');
  expect(suite.sim.world.appliedCounts()['ecs.ContinueServiceDeployment']).toBe(1);
  expect((await describeService(suite.sim, 'api')).taskDefinition).toBe(ARN('api', 2));
});

test("ECS's rollback on an alarm fails the step, naming the alarm and its reason", async () => {
  const alarm = alarmDuringBake(suite.sim, { alarm: 'cart-5xx', service: 'cart' });
  await startDeployment('cart', { ...CANARY, bakeTimeInMinutes: 1000, alarms: { alarmNames: ['cart-5xx'], enable: true, rollback: true } });
  const run = await canary({ service: 'cart' }, alarm);

  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(
    /^cart: ECS rolled back the CANARY deployment at BAKE_TIME: .*cart-5xx.*alarm "cart-5xx" is in ALARM: Threshold Crossed: 1 datapoint \[12\.0\]/,
  );
  expect(run.outputs['rolled-back']).toBe('true');
  expect(run.outputs.reason).toContain('cart-5xx');
  expect(run.outputs['canary-weight']).toBe('0');
  expect(run.summary).toContain('cart-5xx ALARM');
  expect((await describeService(suite.sim, 'cart')).taskDefinition).toBe(ARN('cart', 1));
});

test('a bad stop-at-stage fails before any call to AWS', async () => {
  suite.sim.world.calls.clear();
  const run = await canary({ service: 'web', 'stop-at-stage': 'BAKING' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/^Input "stop-at-stage" has value "BAKING": expected one of RECONCILE_SERVICE, /)]);
  expect(suite.sim.world.callCounts()).toEqual({});
});
