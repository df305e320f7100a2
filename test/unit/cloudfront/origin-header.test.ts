import { originHeader, withOriginHeader } from '../../../src/cloudfront/origin-header.js';
import { updateOriginHeader } from '../../../src/cloudfront/update-origin-header.js';
import { waitDeployed } from '../../../src/cloudfront/deployed.js';
import { SettingError } from '../../../src/inputs/setting-error.js';
import { memoryLogger } from '../../../src/logger.js';
import { canaryDistributionConfig } from '../../fixtures/cloudfront/distribution-config.js';
import { awsError, fakeClient } from '../fake-aws.js';

test('reads a header of one origin, names compared without case', () => {
  const config = canaryDistributionConfig({ weight: '25' });
  expect(originHeader(config, 'api', 'X-Canary-Weight')).toBe('25');
  expect(originHeader(config, 'api-beta', 'x-canary-weight')).toBeUndefined();
});

test('sets the header in a copy that is otherwise the config as read, leaving the original alone', () => {
  const config = canaryDistributionConfig({ weight: '0' });
  const changed = withOriginHeader(config, { originId: 'api', headerName: 'x-canary-weight', value: '10' });
  expect(config).toEqual(canaryDistributionConfig({ weight: '0' }));
  expect(changed).toEqual(canaryDistributionConfig({ weight: '10' }));
});

test('adds the header at the end, with the Quantity that counts it, when the origin has none', () => {
  const changed = withOriginHeader(canaryDistributionConfig(), { originId: 'api-beta', headerName: 'x-canary-weight', value: '5' });
  expect(changed.Origins!.Items![1].CustomHeaders).toEqual({ Quantity: 1, Items: [{ HeaderName: 'x-canary-weight', HeaderValue: '5' }] });
  const noHeaders = canaryDistributionConfig();
  delete noHeaders.Origins!.Items![1].CustomHeaders;
  expect(withOriginHeader(noHeaders, { originId: 'api-beta', headerName: 'x-a', value: '1' }).Origins!.Items![1].CustomHeaders).toEqual({
    Quantity: 1,
    Items: [{ HeaderName: 'x-a', HeaderValue: '1' }],
  });
});

test('an unknown origin is a setting error listing the origins there are', () => {
  const error = (() => {
    try {
      return originHeader(canaryDistributionConfig(), 'web', 'x');
    } catch (e) {
      return e;
    }
  })() as SettingError;
  expect(error).toBeInstanceOf(SettingError);
  expect(error.forInput('canary-origin-id').message).toBe(
    'Input "canary-origin-id" has value "web": expected the ID of an origin of the distribution (it has: api, api-beta).',
  );
});

function fakeCloudFront(options: { conflicts?: number; weight?: string } = {}) {
  let conflicts = options.conflicts ?? 0;
  let version = 1;
  let config = canaryDistributionConfig({ weight: options.weight ?? '0' });
  return fakeClient({
    GetDistributionConfig: () => ({ DistributionConfig: structuredClone(config), ETag: `E${version}` }),
    UpdateDistribution: (input) => {
      if (conflicts > 0) {
        conflicts -= 1;
        version += 1; // someone else wrote in between
        throw awsError('PreconditionFailed', 'The precondition given in one or more of the request-header fields evaluated to false.', 412);
      }
      if (input.IfMatch !== `E${version}`) throw new Error(`stale If-Match ${input.IfMatch}`);
      config = input.DistributionConfig;
      version += 1;
      return { ETag: `E${version}` };
    },
  });
}

test('writes with the ETag it read; a PreconditionFailed reads again and re-applies', async () => {
  const cloudfront = fakeCloudFront({ conflicts: 1 });
  const change = { distributionId: 'E1', originId: 'api', headerName: 'x-canary-weight', value: '10' };
  expect(await updateOriginHeader(cloudfront as any, change)).toBe(true);
  expect(cloudfront.names()).toEqual(['GetDistributionConfig', 'UpdateDistribution', 'GetDistributionConfig', 'UpdateDistribution']);
  expect(cloudfront.callsTo('UpdateDistribution').map((i) => i.IfMatch)).toEqual(['E1', 'E2']);
  expect(cloudfront.callsTo('UpdateDistribution')[1].DistributionConfig).toEqual(canaryDistributionConfig({ weight: '10' }));
});

test("gives up after three conflicts in a row, with CloudFront's error", async () => {
  const cloudfront = fakeCloudFront({ conflicts: 5 });
  const error = await updateOriginHeader(cloudfront as any, {
    distributionId: 'E1',
    originId: 'api',
    headerName: 'x-canary-weight',
    value: '10',
  }).catch((e) => e);
  expect(error.name).toBe('PreconditionFailed');
  expect(cloudfront.callsTo('UpdateDistribution')).toHaveLength(3);
});

test('writes nothing when the header already has the value', async () => {
  const cloudfront = fakeCloudFront({ weight: '10' });
  expect(
    await updateOriginHeader(cloudfront as any, { distributionId: 'E1', originId: 'api', headerName: 'x-canary-weight', value: '10' }),
  ).toBe(false);
  expect(cloudfront.names()).toEqual(['GetDistributionConfig']);
});

test('waits until Deployed, one line when the status changes, on an injected clock', async () => {
  const statuses = ['InProgress', 'InProgress', 'InProgress', 'Deployed'];
  const cloudfront = fakeClient({ GetDistribution: () => ({ Distribution: { Status: statuses.shift() } }) });
  let now = 0;
  const logger = memoryLogger();
  const ended = await waitDeployed(cloudfront as any, {
    distributionId: 'E1',
    logger,
    deadline: 60_000,
    intervalMs: 5000,
    clock: { now: () => now, sleep: async (ms) => void (now += ms) },
  });
  expect(ended).toEqual({ end: 'done', value: true });
  expect(logger.lines).toEqual(['Distribution E1 is InProgress; waiting for Deployed']);
  expect(now).toBe(15_000);
});

test('a distribution that never deploys ends the wait at the deadline', async () => {
  const cloudfront = fakeClient({ GetDistribution: () => ({ Distribution: { Status: 'InProgress' } }) });
  let now = 0;
  const ended = await waitDeployed(cloudfront as any, {
    distributionId: 'E1',
    logger: memoryLogger(),
    deadline: 20_000,
    intervalMs: 5000,
    clock: { now: () => now, sleep: async (ms) => void (now += ms) },
  });
  expect(ended.end).toBe('timeout');
});
