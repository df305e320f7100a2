import { ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createAwsContext, resolveRegion } from '../../../src/aws/clients.js';
import { ConfigurationError } from '../../../src/errors.js';
import { TOOLKIT_NAME, TOOLKIT_VERSION } from '../../../src/version.js';
import { setFaults } from '../../aws-sim/control.js';
import { simulatorEnv, startSimulator, type Simulator } from '../../aws-sim/server.js';

/**
 * The one client factory, against the simulator: endpoints from the standard variables (the
 * per-service one winning), the SDK's retries, a user agent naming the toolkit and the action.
 */

/** Nothing listens here: a call sent to it fails, so it proves which endpoint a client used. */
const NOWHERE = 'http://127.0.0.1:9';
const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_ECS',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
];

let sim: Simulator;
const saved = { ...process.env };
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => {
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, simulatorEnv(sim));
  sim.world.calls.clear();
  sim.world.callLog.length = 0;
  setFaults(sim.world, {});
});
afterEach(() => {
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, saved);
});

test('every request carries a user agent naming the toolkit, its version and the action', async () => {
  const aws = createAwsContext({ action: 'render-taskdef' });
  await aws.client(ECSClient).send(new ListTaskDefinitionsCommand({}));
  const [call] = sim.world.callLog;
  expect(call.key).toBe('ecs.ListTaskDefinitions');
  expect(call.userAgent).toContain(`${TOOLKIT_NAME}/${TOOLKIT_VERSION}`);
  expect(call.userAgent).toContain('action/render-taskdef');
});

test('AWS_ENDPOINT_URL_<SERVICE> wins over AWS_ENDPOINT_URL for its service only', async () => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: NOWHERE,
    AWS_ENDPOINT_URL_ECS: sim.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sim.url,
    AWS_MAX_ATTEMPTS: '1',
  });
  const aws = createAwsContext({ action: 'test' });
  await aws.client(ECSClient).send(new ListTaskDefinitionsCommand({}));
  await aws.client(SecretsManagerClient).send(new ListSecretsCommand({}));
  // STS has no variable of its own, so it goes to AWS_ENDPOINT_URL, where nothing answers.
  await expect(aws.client(STSClient).send(new GetCallerIdentityCommand({}))).rejects.toThrow(/ECONNREFUSED/);
  expect(sim.world.callCounts()).toEqual({ 'ecs.ListTaskDefinitions': 1, 'secretsmanager.ListSecrets': 1 });
});

test('throttled calls are retried by the SDK; AWS_MAX_ATTEMPTS bounds the attempts', async () => {
  const aws = createAwsContext({ action: 'test' });
  setFaults(sim.world, { throttle: 0.5 });
  await aws.client(ECSClient).send(new ListTaskDefinitionsCommand({}));
  expect(sim.world.faultTally.injected.throttle).toBe(1);
  expect(sim.world.callCounts()).toEqual({ 'ecs.ListTaskDefinitions': 2 });

  sim.world.calls.clear();
  setFaults(sim.world, { throttle: 1 });
  process.env.AWS_MAX_ATTEMPTS = '3';
  const limited = createAwsContext({ action: 'test' });
  await expect(limited.client(ECSClient).send(new ListTaskDefinitionsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
  expect(sim.world.callCounts()).toEqual({ 'ecs.ListTaskDefinitions': 3 });
});

test('retry settings: 10 attempts in standard mode unless the standard variables say otherwise', async () => {
  const strategy = async () => {
    const retry: any = await createAwsContext({ action: 'test' }).client(ECSClient).config.retryStrategy();
    return { mode: retry.mode, maxAttempts: await retry.maxAttemptsProvider() };
  };
  expect(await strategy()).toEqual({ mode: 'standard', maxAttempts: 10 });
  Object.assign(process.env, { AWS_MAX_ATTEMPTS: '4', AWS_RETRY_MODE: 'adaptive' });
  expect(await strategy()).toEqual({ mode: 'adaptive', maxAttempts: 4 });
});

test.each([
  ['AWS_MAX_ATTEMPTS', 'abc', 'AWS_MAX_ATTEMPTS has value "abc": expected a whole number of attempts from 1 to 100.'],
  ['AWS_MAX_ATTEMPTS', '0', 'AWS_MAX_ATTEMPTS has value "0": expected a whole number of attempts from 1 to 100.'],
  ['AWS_MAX_ATTEMPTS', '2.5', 'AWS_MAX_ATTEMPTS has value "2.5": expected a whole number of attempts from 1 to 100.'],
  ['AWS_RETRY_MODE', 'legacy', 'AWS_RETRY_MODE has value "legacy": expected standard or adaptive.'],
  ['AWS_RETRY_MODE', 'Adaptive!', 'AWS_RETRY_MODE has value "Adaptive!": expected standard or adaptive.'],
])('%s=%s is a one-line ConfigurationError naming the variable and quoting the value', (variable, value, message) => {
  process.env[variable] = value;
  expect(() => createAwsContext({ action: 'test' })).toThrow(ConfigurationError);
  expect(() => createAwsContext({ action: 'test' })).toThrow(message);
});

test('AWS_MAX_ATTEMPTS and AWS_RETRY_MODE as the SDK writes them are accepted', async () => {
  Object.assign(process.env, { AWS_MAX_ATTEMPTS: ' 7 ', AWS_RETRY_MODE: 'STANDARD' });
  const retry: any = await createAwsContext({ action: 'test' }).client(ECSClient).config.retryStrategy();
  expect({ mode: retry.mode, maxAttempts: await retry.maxAttemptsProvider() }).toEqual({ mode: 'standard', maxAttempts: 7 });
});

test('one client per service and region; the region comes from the context unless overridden', async () => {
  const aws = createAwsContext({ action: 'test', region: 'eu-west-1' });
  expect(aws.client(ECSClient)).toBe(aws.client(ECSClient));
  expect(aws.client(ECSClient, { region: 'us-west-2' })).not.toBe(aws.client(ECSClient));
  expect(await aws.client(ECSClient).config.region()).toBe('eu-west-1');
  expect(await aws.client(ECSClient, { region: 'us-west-2' }).config.region()).toBe('us-west-2');
});

describe('resolveRegion', () => {
  test('the explicit value, else AWS_REGION, else AWS_DEFAULT_REGION', () => {
    process.env.AWS_REGION = 'eu-central-1';
    expect(resolveRegion('ap-south-1')).toBe('ap-south-1');
    expect(resolveRegion()).toBe('eu-central-1');
    delete process.env.AWS_REGION;
    process.env.AWS_DEFAULT_REGION = 'us-gov-west-1';
    expect(resolveRegion()).toBe('us-gov-west-1');
  });

  test('no region, or not a region name, is a one-line ConfigurationError', () => {
    delete process.env.AWS_REGION;
    expect(() => resolveRegion()).toThrow(/^No AWS region: set the "aws-region" input or AWS_REGION/);
    expect(() => resolveRegion('Ireland')).toThrow(
      'Input "aws-region" has value "Ireland": expected an AWS region name such as eu-west-1.',
    );
  });

  test('a bad region from the environment names its variable and the input that overrides it', () => {
    delete process.env.AWS_REGION;
    process.env.AWS_DEFAULT_REGION = 'eu west 1';
    expect(() => resolveRegion()).toThrow(
      'AWS_DEFAULT_REGION has value "eu west 1": expected an AWS region name such as eu-west-1 (or set the "aws-region" input).',
    );
    delete process.env.AWS_DEFAULT_REGION;
  });

  test('regions of every partition are region names', () => {
    for (const region of [
      'eu-west-1',
      'cn-north-1',
      'us-gov-west-1',
      'us-iso-east-1',
      'us-isob-east-1',
      'eusc-de-east-1',
      'ap-southeast-7',
    ]) {
      expect(resolveRegion(region)).toBe(region);
    }
  });
});
