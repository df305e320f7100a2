import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { setFaults } from './control.js';
import { simulatorEnv, startSimulator, type Simulator } from './server.js';

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
