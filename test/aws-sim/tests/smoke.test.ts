import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { setFaults } from '../control.js';
import { simulatorEnv, startSimulator, type Simulator } from '../server.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  Object.assign(process.env, simulatorEnv(sim));
});
afterAll(() => sim.stop());

test('an unmodified SDK client reaches the simulator through AWS_ENDPOINT_URL', async () => {
  const sts = new STSClient({});
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  expect(identity.Account).toBe('123456789012');
  expect(sim.world.calls.get('sts.GetCallerIdentity')).toBe(1);
});

test('a throttled call raises the SDK exception class when retries are exhausted', async () => {
  setFaults(sim.world, { throttle: 1 });
  const sts = new STSClient({ maxAttempts: 1 });
  await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
  setFaults(sim.world, {});
});

test('a fault share is applied exactly and evenly, starting with the first call, and tallied', async () => {
  setFaults(sim.world, { throttle: 0.3 });
  const sts = new STSClient({ maxAttempts: 1 });
  const outcomes: string[] = [];
  for (let i = 0; i < 10; i++) {
    outcomes.push(
      await sts.send(new GetCallerIdentityCommand({})).then(
        () => 'ok',
        (e) => e.name,
      ),
    );
  }
  expect(outcomes.map((o, i) => (o === 'ok' ? '' : i + 1)).filter(Boolean)).toEqual([1, 5, 8]);
  expect(sim.world.faultTally.injected).toEqual({ throttle: 3, serverError: 0 });
  const overHttp = await (await fetch(`${sim.url}/_sim/faults/injected`)).json();
  expect(overHttp).toEqual({ throttle: 3, serverError: 0 });
  setFaults(sim.world, {});
  expect(sim.world.faultTally.injected.throttle).toBe(0);
});

test('applied counts leave out the calls a fault refused: a throttled call retried by the SDK is one change', async () => {
  const before = sim.world.callCounts()['sts.GetCallerIdentity'] ?? 0;
  const appliedBefore = sim.world.appliedCounts()['sts.GetCallerIdentity'] ?? 0;
  setFaults(sim.world, { throttle: 0.5 });
  const sts = new STSClient({ maxAttempts: 3 });
  await sts.send(new GetCallerIdentityCommand({}));
  setFaults(sim.world, {});
  expect((sim.world.callCounts()['sts.GetCallerIdentity'] ?? 0) - before).toBe(2);
  expect((sim.world.appliedCounts()['sts.GetCallerIdentity'] ?? 0) - appliedBefore).toBe(1);
});
