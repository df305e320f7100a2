import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';
import { setTimings } from '../aws-sim/services/ecs/scenarios.js';
import { ARN, createService, deployServiceSuite, describeService, taskDefinition, writeTaskDefinition } from './deploy-service-fixtures.js';
import { alarmDuringBake } from './ecs-canary-alarm.js';

/**
 * deploy-service on a service deployed with ECS's own CANARY strategy: it follows the service
 * deployment through its stages and bakes, and never reports success for a canary that ECS rolls
 * back on an alarm during the bake.
 */

const suite = deployServiceSuite();

beforeAll(() => {
  // A "minute" of the simulated bakes lasts 40 ms: a 20-minute bake is under a second.
  setTimings(suite.sim.world, { minuteMs: 40 });
});

const canary = (extra: Partial<DeploymentConfiguration> = {}): DeploymentConfiguration => ({
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 20 },
  bakeTimeInMinutes: 10,
  ...extra,
});

test('a CANARY deployment that ECS rolls back in its bake fails the step, naming the alarm', async () => {
  const alarm = alarmDuringBake(suite.sim, { alarm: 'shop-5xx', service: 'shop' });
  await createService(suite.sim, {
    service: 'shop',
    image: 'repo/shop:1',
    extra: {
      deploymentConfiguration: canary({ bakeTimeInMinutes: 500, alarms: { alarmNames: ['shop-5xx'], enable: true, rollback: true } }),
    },
  });
  // The alarm fires once the step has printed the bake (all traffic on the new revision).
  const run = await suite.deploy({ service: 'shop', 'task-definition': writeTaskDefinition(taskDefinition('shop', 'repo/shop:2')) }, alarm);

  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/^shop: ECS rolled back the CANARY deployment of rev 2 at BAKE_TIME \(ROLLBACK_SUCCESSFUL\): .*shop-5xx/);
  // Progress: the canary share with its bake, then all traffic in the final bake.
  expect(run.stdout).toMatch(
    /shop: CANARY deployment in progress at PRODUCTION_TRAFFIC_SHIFT, new revision 10% of production traffic \(canary bake 20m left\)/,
  );
  expect(run.stdout).toMatch(
    /shop: CANARY deployment in progress at BAKE_TIME, new revision 100% of production traffic \(bake [0-9hms]+ left\)/,
  );
  const [result] = JSON.parse(run.outputs.services);
  expect(result).toMatchObject({ service: 'shop', result: 'failed', taskDefinitionArn: ARN('shop', 2) });
  expect(run.summary).toContain('shop-5xx');
  // ECS put the service back on rev 1.
  expect((await describeService(suite.sim, 'shop')).taskDefinition).toBe(ARN('shop', 1));
});

test('a CANARY deployment is followed through its bakes to SUCCESSFUL before the step succeeds', async () => {
  await createService(suite.sim, { service: 'cart', image: 'repo/cart:1', extra: { deploymentConfiguration: canary() } });
  const run = await suite.deploy({ service: 'cart', 'task-definition': writeTaskDefinition(taskDefinition('cart', 'repo/cart:2')) });

  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/cart: CANARY deployment in progress at BAKE_TIME, new revision 100% of production traffic/);
  expect(run.stdout).toMatch(/cart: rev 2 CANARY deployment SUCCESSFUL/);
  expect(JSON.parse(run.outputs.services)[0]).toMatchObject({ result: 'succeeded' });
  // The step ended after ECS finished: the old revision is gone.
  const after = await describeService(suite.sim, 'cart');
  expect(after.deployments).toHaveLength(1);
  expect(after.deployments![0].taskDefinition).toBe(ARN('cart', 2));
});
