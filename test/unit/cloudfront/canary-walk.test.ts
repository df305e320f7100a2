import { runCloudFrontCanary } from '../../../src/canary/cloudfront/run.js';
import type { CloudFrontCanaryOptions } from '../../../src/canary/cloudfront/options.js';
import { memoryLogger } from '../../../src/logger.js';
import { canaryDistributionConfig } from '../../fixtures/cloudfront/distribution-config.js';
import { fakeClient } from '../fake-aws.js';

/**
 * mode cloudfront's walk on injected clients and a fake clock: the distribution deploys after two
 * looks; alarms answer what `alarmAt` says for the current time.
 */
function world(options: { weight?: string; alarmAt?: (now: number) => 'OK' | 'ALARM' } = {}) {
  let now = 0;
  let version = 1;
  let config = canaryDistributionConfig({ weight: options.weight ?? '0' });
  let looksLeft = 0;
  const cloudfront = fakeClient({
    GetDistributionConfig: () => ({ DistributionConfig: structuredClone(config), ETag: `E${version}` }),
    UpdateDistribution: (input) => {
      if (input.IfMatch !== `E${version}`) throw new Error('stale ETag');
      config = input.DistributionConfig;
      version += 1;
      looksLeft = 2;
      return { ETag: `E${version}` };
    },
    GetDistribution: () => ({ Distribution: { Status: looksLeft-- > 0 ? 'InProgress' : 'Deployed' } }),
  });
  const cloudwatch = fakeClient({
    DescribeAlarms: (input) => ({
      MetricAlarms: input.AlarmNames.map((name: string) => {
        const state = options.alarmAt?.(now) ?? 'OK';
        return { AlarmName: name, StateValue: state, StateReason: state === 'ALARM' ? 'Threshold Crossed: 12 > 5' : 'fine' };
      }),
    }),
  });
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const weight = () => config.Origins!.Items![0].CustomHeaders!.Items!.find((h) => h.HeaderName === 'x-canary-weight')!.HeaderValue;
  return { cloudfront, cloudwatch, clock, weight, now: () => now };
}

function options(walk: Partial<CloudFrontCanaryOptions['walk']> = {}): CloudFrontCanaryOptions {
  return {
    distributionId: 'E1',
    originId: 'api',
    weightHeader: 'x-canary-weight',
    walk: {
      action: 'walk',
      steps: [10, 50, 100],
      bakeTimeMs: 60_000,
      alarms: ['api-5xx'],
      timeoutMs: 3_600_000,
      pollIntervalMs: 5000,
      ...walk,
    },
  };
}

test('walks to 100, baking the full bake time at each step after the distribution is Deployed', async () => {
  const w = world();
  const logger = memoryLogger();
  const outcome = await runCloudFrontCanary(options(), { ...w, logger });
  expect(outcome).toMatchObject({ mode: 'cloudfront', final: 'canary 100%, stable 0%', rolledBack: false, failure: undefined });
  expect(w.weight()).toBe('100');
  expect(w.cloudfront.callsTo('UpdateDistribution').map((i) => i.IfMatch)).toEqual(['E1', 'E2', 'E3']);
  // three bakes of 60s, and three deploys of two 5s looks each
  expect(w.now()).toBe(3 * 60_000 + 3 * 10_000);
  expect(outcome.timeline.map((e) => e.event)).toContain('Bake 3/3 passed');
});

test('an alarm mid-bake sets the share back to 0 and fails naming the alarm and its reason', async () => {
  const w = world({ alarmAt: (now) => (now >= 100_000 ? 'ALARM' : 'OK') });
  const outcome = await runCloudFrontCanary(options(), { ...w, logger: memoryLogger() });
  expect(outcome).toMatchObject({
    rolledBack: true,
    final: 'canary 0%, stable 100%',
    reason: 'Alarm "api-5xx" is in ALARM: Threshold Crossed: 12 > 5',
    failure: 'Alarm "api-5xx" is in ALARM: Threshold Crossed: 12 > 5; the canary was sent back to 0%',
  });
  expect(w.weight()).toBe('0');
});

test('an alarm already firing when a walk starts at 0% changes nothing', async () => {
  const w = world({ alarmAt: () => 'ALARM' });
  const outcome = await runCloudFrontCanary(options(), { ...w, logger: memoryLogger() });
  expect(outcome).toMatchObject({
    rolledBack: false,
    failure: 'Alarm "api-5xx" is in ALARM: Threshold Crossed: 12 > 5; the canary had no traffic',
  });
  expect(w.cloudfront.callsTo('UpdateDistribution')).toEqual([]);
});

test('a timeout sends the canary back to 0%', async () => {
  const w = world({ weight: '10' });
  const outcome = await runCloudFrontCanary(options({ timeoutMs: 90_000 }), { ...w, logger: memoryLogger() });
  expect(outcome.rolledBack).toBe(true);
  expect(outcome.reason).toMatch(/^Timed out after 1m30s/);
  expect(w.weight()).toBe('0');
});

test('a cancelled run leaves the share where it was and says so', async () => {
  const w = world({ weight: '25' });
  const controller = new AbortController();
  const clock = { now: w.clock.now, sleep: async (ms: number) => (w.now() > 30_000 ? controller.abort() : w.clock.sleep(ms)) };
  const outcome = await runCloudFrontCanary(options(), { ...w, clock, logger: memoryLogger(), signal: controller.signal });
  expect(outcome).toMatchObject({
    rolledBack: false,
    failure: 'The run was cancelled; traffic left at canary 25%, stable 75%; a re-run continues from there',
  });
  expect(w.weight()).toBe('25');
});

test('an unreadable share on the origin reads as 0% (the router sends no one to the canary), and says so', async () => {
  const w = world({ weight: 'ten' });
  const logger = memoryLogger();
  await runCloudFrontCanary(options({ action: 'abort' }), { ...w, logger });
  expect(logger.lines[0]).toContain('(x-canary-weight was "ten", which the router reads as 0%)');
  expect(w.weight()).toBe('0');
});
