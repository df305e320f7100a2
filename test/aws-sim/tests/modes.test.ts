import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { setModes } from '../control.js';
import { DEFAULT_MODES, HARSH_MODES, harshFromEnvironment, harshModesFromEnvironment } from '../modes.js';
import { simulatorClientConfig, startSimulator } from '../server.js';

test('the default simulator is not harsh; harsh: true (or ECS_SHIP_SIM_HARSH=1) turns every harsher mode on', async () => {
  const plain = await startSimulator({ harsh: false });
  const harsh = await startSimulator({ harsh: true });
  try {
    expect(plain.world.modes).toEqual(DEFAULT_MODES);
    expect(harsh.world.modes).toEqual(HARSH_MODES);
    expect(HARSH_MODES.consistencyWindowMs).toBeGreaterThan(0);
    expect(HARSH_MODES.logBatchMs).toBeGreaterThan(0);
    expect(HARSH_MODES).toMatchObject({ logEmptyPages: true, shuffleListTasks: true });
    expect(HARSH_MODES.throttleBucket?.burst).toBeGreaterThan(0);
  } finally {
    await plain.stop();
    await harsh.stop();
  }
  expect(harshFromEnvironment({ ECS_SHIP_SIM_HARSH: '1' })).toBe(true);
  expect(harshFromEnvironment({ ECS_SHIP_SIM_HARSH: '0' })).toBe(false);
  expect(harshFromEnvironment({})).toBe(false);
  expect(harshModesFromEnvironment({ ECS_SHIP_SIM_HARSH: 'logBatchMs, shuffleListTasks' })).toEqual({
    ...DEFAULT_MODES,
    logBatchMs: HARSH_MODES.logBatchMs,
    shuffleListTasks: true,
    onlyUserAgent: 'ecs-ship',
  });
});

test('modes are set over HTTP, merged, and checked', async () => {
  const sim = await startSimulator({ harsh: false });
  try {
    const post = (body: unknown) => fetch(`${sim.url}/_sim/modes`, { method: 'POST', body: JSON.stringify(body) });
    expect(await (await post({ consistencyWindowMs: 200 })).json()).toEqual({ ...DEFAULT_MODES, consistencyWindowMs: 200 });
    expect((await post({ consistencyWindowMs: '200' })).status).toBe(400);
    expect((await post({ eventualConsistency: true })).status).toBe(400);
    setModes(sim.world, { logEmptyPages: true });
    expect(sim.world.modes).toEqual({ ...DEFAULT_MODES, consistencyWindowMs: 200, logEmptyPages: true });
    expect(setModes(sim.world, {}, true)).toEqual(DEFAULT_MODES);
  } finally {
    await sim.stop();
  }
});

test('onlyUserAgent: the modes hit the code under test, not the test clients that arrange and inspect', async () => {
  const sim = await startSimulator({ harsh: false });
  try {
    setModes(sim.world, { consistencyWindowMs: 5000, onlyUserAgent: 'ecs-ship' });
    const tester = new ECSClient(simulatorClientConfig(sim));
    const toolkit = new ECSClient({ ...simulatorClientConfig(sim), customUserAgent: [['ecs-ship', '1.0.0']] });
    await tester.send(new CreateClusterCommand({ clusterName: 'main' }));
    const { taskDefinition } = await tester.send(
      new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [{ name: 'app', image: 'repo/app:1', memory: 128 }] }),
    );
    await tester.send(
      new CreateServiceCommand({ cluster: 'main', serviceName: 'api', taskDefinition: taskDefinition!.taskDefinitionArn, desiredCount: 0 }),
    );
    const describe = (client: ECSClient) => client.send(new DescribeServicesCommand({ cluster: 'main', services: ['api'] }));
    expect((await describe(tester)).services).toHaveLength(1);
    expect((await describe(toolkit)).failures![0].reason).toBe('MISSING');
  } finally {
    await sim.stop();
  }
});
