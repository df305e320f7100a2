import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { canaryDistributionConfig } from '../fixtures/cloudfront/distribution-config.js';
import { writeXml } from '../aws-sim/protocols/rest-xml.js';
import { simulatorClientConfig, simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { findDistribution, setCloudFrontTimings } from '../aws-sim/services/cloudfront/state.js';
import { setAlarmState } from '../aws-sim/services/cloudwatch/state.js';
import { whenPrinted } from './deploy-service-fixtures.js';
import { putCanaryAlarms } from './route-canary-alarms.js';
import { runAction, type RunOptions } from './run-action.js';

/** route-canary mode cloudfront, the bundle run as the runner runs it, against the simulator's CloudFront and CloudWatch. */

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  // Long enough for the action to see InProgress at least once with its 250ms polls.
  setCloudFrontTimings(sim.world, { deployMs: 700 });
});
afterAll(() => sim.stop());

let seeded = 0;

/** A distribution whose origin `api` carries the share (x-canary-weight) and the canary's domain; two alarms in OK. */
async function seed(options: { weight?: string } = {}) {
  const config = simulatorClientConfig(sim);
  const name = `cf${++seeded}`;
  const created = await new CloudFrontClient(config).send(
    new CreateDistributionCommand({ DistributionConfig: canaryDistributionConfig({ callerReference: name, weight: options.weight }) }),
  );
  const alarms = await putCanaryAlarms(sim, name);
  for (const alarm of alarms) setAlarmState(sim.world, alarm, 'OK', 'Threshold Crossed: no datapoints were above the threshold');
  return { id: created.Distribution!.Id!, alarms };
}

const storedConfig = (id: string) => writeXml(findDistribution(sim.world, id)!.config);
const weightOf = (id: string) => /<HeaderName>x-canary-weight<\/HeaderName><HeaderValue>(\d+)<\/HeaderValue>/.exec(storedConfig(id))?.[1];
const callsTo = (operation: string) => sim.world.appliedCounts()[operation] ?? 0;

/** Mutating CloudFront and CloudWatch calls (anything not Describe/List/Get) since the world began. */
const mutatingCalls = () =>
  Object.fromEntries(
    Object.entries(sim.world.appliedCounts()).filter(
      ([key]) => /^(cloudfront|monitoring)\./.test(key) && !/\.(Describe|List|Get)/.test(key),
    ),
  );

function canary(inputs: NonNullable<RunOptions['inputs']>, options: Omit<RunOptions, 'inputs'> = {}) {
  return runAction('route-canary', {
    env: simulatorEnv(sim),
    ...options,
    inputs: { mode: 'cloudfront', 'canary-origin-id': 'api', 'bake-time': '300ms', 'poll-interval': '250ms', timeout: '60s', ...inputs },
  });
}

test('walks its steps to 100: the header is written with the ETag, each step waits for Deployed, the rest of the config is kept byte for byte', async () => {
  const { id, alarms } = await seed();
  const before = storedConfig(id);
  const updatesBefore = callsTo('cloudfront.UpdateDistribution');
  const run = await canary({ 'distribution-id': id, steps: '10, 50, 100', alarms: alarms.join('\n') });
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ final: 'canary 100%, stable 0%', 'rolled-back': 'false', reason: '', 'canary-weight': '100' });
  expect(weightOf(id)).toBe('100');
  // Exactly the header's value changed: every other byte of the config is as it was.
  expect(storedConfig(id).replace('<HeaderValue>100</HeaderValue>', '<HeaderValue>0</HeaderValue>')).toBe(before);
  // One UpdateDistribution per step, each accepted (the simulator refuses a missing or stale If-Match).
  expect(callsTo('cloudfront.UpdateDistribution') - updatesBefore).toBe(3);
  const lines = run.stdout.split('\n');
  expect(lines.filter((line) => line.startsWith('Share written'))).toEqual([
    `Share written to x-canary-weight on origin api (canary 10%, stable 90%); waiting for distribution ${id} to be Deployed`,
    `Share written to x-canary-weight on origin api (canary 50%, stable 50%); waiting for distribution ${id} to be Deployed`,
    `Share written to x-canary-weight on origin api (canary 100%, stable 0%); waiting for distribution ${id} to be Deployed`,
  ]);
  expect(run.stdout).toContain(`Distribution ${id} is InProgress; waiting for Deployed`);
  // Each bake starts once its share is deployed.
  for (const step of [1, 2, 3]) {
    const bake = lines.findIndex((line) => line.startsWith(`Bake ${step}/3 started`));
    expect(lines[bake - 1]).toMatch(/^Deployed after [\d.]+s/);
  }
  expect(run.stdout).toContain(`alarms ${alarms[0]} OK, ${alarms[1]} OK`);
  expect(run.summaryText).toContain('Canary (CloudFront)');
  expect(run.summaryText).toContain('Traffic left at: canary 100%, stable 0%');
});

test('an alarm raised during a bake sends the share back to 0 and fails naming the alarm and its reason', async () => {
  const { id, alarms } = await seed();
  const reason = 'Threshold Crossed: 1 out of the last 1 datapoints [17.0 (02/12/26 07:01:00)] was greater than the threshold (5.0)';
  const run = await canary(
    { 'distribution-id': id, 'bake-time': '2s', alarms: alarms.join(',') },
    { onStart: (child) => void whenPrinted(child, 'Bake 2/4 started').then(() => setAlarmState(sim.world, alarms[1], 'ALARM', reason)) },
  );
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([`Alarm "${alarms[1]}" is in ALARM: ${reason}; the canary was sent back to 0%`]);
  expect(run.outputs).toMatchObject({ 'rolled-back': 'true', 'canary-weight': '0', final: 'canary 0%, stable 100%' });
  expect(run.outputs.reason).toBe(`Alarm "${alarms[1]}" is in ALARM: ${reason}`);
  expect(weightOf(id)).toBe('0');
  expect(run.stdout).not.toContain('Bake 3/4');
  // The rollback waited for the distribution to deploy 0%.
  expect(
    run.stdout
      .split('\n')
      .filter((line) => line.startsWith('Share written'))
      .at(-1),
  ).toContain('(canary 0%, stable 100%)');
  expect(run.summaryText).toContain('Rolled back canary 0%, stable 100%');
  expect(run.summaryText).toContain(`${alarms[1]} ALARM`);
});

test('an alarm scheduled for a moment during the walk rolls back too (the seeding helper)', async () => {
  const { id, alarms } = await seed();
  setAlarmState(sim.world, alarms[0], 'ALARM', 'Threshold Crossed: 9 errors', { atMs: Date.now() + 2500 });
  const run = await canary({ 'distribution-id': id, 'bake-time': '30s', alarms: alarms[0] });
  expect(run.code).toBe(1);
  expect(run.outputs.reason).toBe(`Alarm "${alarms[0]}" is in ALARM: Threshold Crossed: 9 errors`);
  expect(weightOf(id)).toBe('0');
});

test('a re-run continues from the share it finds: it bakes that share again, then goes on', async () => {
  const { id } = await seed({ weight: '25' });
  const updatesBefore = callsTo('cloudfront.UpdateDistribution');
  const run = await canary({ 'distribution-id': id, steps: '10,25,50,100' });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Walking the canary through 25%, 50%, 100%');
  expect(run.stdout).not.toContain('canary 10%');
  expect(callsTo('cloudfront.UpdateDistribution') - updatesBefore).toBe(2);
  expect(weightOf(id)).toBe('100');
});

test('abort sends every viewer back to stable; promote sends them all to the canary', async () => {
  const { id } = await seed({ weight: '50' });
  const aborted = await canary({ 'distribution-id': id, action: 'abort' });
  expect(aborted.code).toBe(0);
  expect(aborted.outputs).toMatchObject({ 'rolled-back': 'true', 'canary-weight': '0' });
  expect(weightOf(id)).toBe('0');
  const promoted = await canary({ 'distribution-id': id, action: 'promote' });
  expect(promoted.code).toBe(0);
  expect(promoted.outputs).toMatchObject({ 'rolled-back': 'false', 'canary-weight': '100', final: 'canary 100%, stable 0%' });
  expect(weightOf(id)).toBe('100');
});

test('bad inputs fail in one line naming the input, before any change', async () => {
  const { id, alarms } = await seed();
  const before = mutatingCalls();
  const cases: Array<[NonNullable<RunOptions['inputs']>, string]> = [
    [{ 'distribution-id': undefined }, 'Input required and not supplied: distribution-id (mode cloudfront needs it)'],
    [
      { 'distribution-id': 'd111111abcdef8.cloudfront.net' },
      'Input "distribution-id" has value "d111111abcdef8.cloudfront.net": expected a CloudFront distribution ID such as E2QWRUHAPOMQZL (upper-case letters and digits).',
    ],
    [
      { 'distribution-id': id, 'weight-header': 'x canary' },
      'Input "weight-header" has value "x canary": expected an HTTP header name such as x-canary-weight.',
    ],
    [
      { 'distribution-id': 'E0000000000000' },
      'Input "distribution-id" has value "E0000000000000": expected the ID of a CloudFront distribution of this account (CloudFront has none with this ID).',
    ],
    [
      { 'distribution-id': id, 'canary-origin-id': 'api-gamma' },
      'Input "canary-origin-id" has value "api-gamma": expected the ID of an origin of the distribution (it has: api, api-beta).',
    ],
    [
      { 'distribution-id': id, 'canary-origin-id': 'api-beta' },
      `Input "canary-origin-id" has value "api-beta": expected an origin with the custom header x-canary-origin holding the canary origin's domain name (the canary router reads it).`,
    ],
    [
      { 'distribution-id': id, alarms: `${alarms[0]}\nno-such-alarm` },
      'CloudWatch has no alarm named "no-such-alarm" (metric or composite) in this account and region.',
    ],
  ];
  for (const [inputs, message] of cases) {
    const run = await canary(inputs);
    expect({ inputs, code: run.code, errors: run.errors }).toEqual({ inputs, code: 1, errors: [message] });
  }
  expect(mutatingCalls()).toEqual(before);
  expect(weightOf(id)).toBe('0');
});
