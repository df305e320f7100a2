import { setWeightApplyMs, setTargetHealth, forwardWeights } from '../aws-sim/services/elbv2/seed.js';
import { weightedForward } from '../fixtures/elb-actions.js';
import { whenPrinted } from './deploy-service-fixtures.js';
import { canarySuite, describeRule, mutatingCalls, seedCanaryAlb, seedRule, setAlarm } from './route-canary-alb-fixtures.js';

/** route-canary mode alb, the bundle run as the runner runs it, against the simulator's ELBv2 and CloudWatch. */

const suite = canarySuite();
const { canary } = suite;
afterEach(() => setWeightApplyMs(suite.sim.world, 50));

const canaryWeight = (arn: string, listenerOrRule: string, which: 'applied' | 'latest' = 'applied') =>
  forwardWeights(suite.sim.world, listenerOrRule, which).find((w) => w.targetGroupArn === arn)?.weight;

test('walks its steps to 100, waiting at each for the weights to take effect, and reports a timeline', async () => {
  const alb = await seedCanaryAlb(suite.sim);
  // The ALB applies a change some time after it is written: DescribeListeners answers the old weights meanwhile.
  setWeightApplyMs(suite.sim.world, 700);
  const run = await canary({
    'listener-arn': alb.listenerArn,
    'stable-target-group': `${alb.name}-api`,
    'canary-target-group': alb.canaryArn,
    steps: '10, 50, 100',
    'bake-time': '0s',
    alarms: alb.alarms.join('\n'),
  });
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ final: 'canary 100%, stable 0%', 'rolled-back': 'false', reason: '', 'canary-weight': '100' });
  // The step ended only once the last weights were in effect: the ALB routes by them already.
  expect(forwardWeights(suite.sim.world, alb.listenerArn)).toEqual([
    { targetGroupArn: alb.stableArn, weight: 0 },
    { targetGroupArn: alb.canaryArn, weight: 100 },
  ]);
  const written = run.stdout.split('\n').filter((line) => line.startsWith('Weights written'));
  expect(written).toEqual([
    'Weights written (canary 10%, stable 90%); waiting for the load balancer to apply them',
    'Weights written (canary 50%, stable 50%); waiting for the load balancer to apply them',
    'Weights written (canary 100%, stable 0%); waiting for the load balancer to apply them',
  ]);
  // Each bake starts after its weights are in effect, never between the write and the effect.
  const lines = run.stdout.split('\n');
  for (const step of [1, 2, 3]) {
    const bake = lines.findIndex((line) => line.startsWith(`Bake ${step}/3 started`));
    expect(lines[bake - 1]).toMatch(/^Weights in effect after [\d.]+s/);
  }
  expect(run.stdout).toContain(`alarms ${alb.alarms[0]} OK, ${alb.alarms[1]} OK`);
  expect(run.summaryText).toContain('Canary (ALB)');
  expect(run.summaryText).toMatch(/Bake 3\/3 passed canary 100%, stable 0% 2\/2 healthy/);
  expect(run.summaryText).toContain('Traffic left at: canary 100%, stable 0%');
});

test('an alarm raised during a bake sends the canary back to 0% and fails naming the alarm and its reason', async () => {
  const alb = await seedCanaryAlb(suite.sim);
  const reason = 'Threshold Crossed: 1 out of the last 1 datapoints [17.0 (02/12/26 07:01:00)] was greater than the threshold (5.0)';
  const run = await canary(
    {
      'listener-arn': alb.listenerArn,
      'stable-target-group': alb.stableArn,
      'canary-target-group': `${alb.name}-api-beta`,
      'bake-time': '20s',
      timeout: '2m',
      alarms: alb.alarms[1],
    },
    // The composite alarm goes off during the first bake (10%).
    { onStart: (child) => void whenPrinted(child, 'Bake 1/4 started').then(() => setAlarm(suite.sim, alb.alarms[1], 'ALARM', reason)) },
  );
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([`Alarm "${alb.alarms[1]}" is in ALARM: ${reason}; the canary was sent back to 0%`]);
  expect(run.outputs).toMatchObject({ 'rolled-back': 'true', 'canary-weight': '0', final: 'canary 0%, stable 100%' });
  expect(run.outputs.reason).toBe(`Alarm "${alb.alarms[1]}" is in ALARM: ${reason}`);
  expect(canaryWeight(alb.canaryArn, alb.listenerArn)).toBe(0);
  expect(run.stdout).not.toContain('Bake 2/4');
  expect(run.stdout).toContain('Weights written (canary 0%, stable 100%)');
  expect(run.summaryText).toContain('Rolled back canary 0%, stable 100%');
  expect(run.summaryText).toContain(`${alb.alarms[1]} ALARM`);
});

test('unhealthy canary targets stop the walk, naming the targets and their reasons', async () => {
  const alb = await seedCanaryAlb(suite.sim);
  const run = await canary(
    {
      'listener-arn': alb.listenerArn,
      'stable-target-group': alb.stableArn,
      'canary-target-group': alb.canaryArn,
      'bake-time': '20s',
      timeout: '2m',
    },
    {
      onStart: (child) =>
        void whenPrinted(child, 'Bake 1/4 started').then(() =>
          setTargetHealth(suite.sim.world, alb.canaryArn, 'unhealthy', { reason: 'Target.ResponseCodeMismatch' }),
        ),
    },
  );
  expect(run.code).toBe(1);
  expect(run.outputs['rolled-back']).toBe('true');
  expect(run.outputs.reason).toMatch(
    new RegExp(
      `^Target group ${alb.name}-api-beta has unhealthy targets: 10\\.\\d+\\.1\\.1:8080 unhealthy \\(Target\\.ResponseCodeMismatch: Health checks failed with these codes: .*\\), 10\\.\\d+\\.1\\.2:8080 unhealthy`,
    ),
  );
  expect(canaryWeight(alb.canaryArn, alb.listenerArn)).toBe(0);
});

test("a rule's conditions and other actions survive byte for byte, and its OIDC client secret is kept", async () => {
  const alb = await seedCanaryAlb(suite.sim);
  const rule = await seedRule(suite.sim, alb);
  const before = await describeRule(suite.sim, rule.ruleArn);
  // The map-typed member is described as it was created (so "byte for byte" below compares something).
  expect(before.Actions![0].AuthenticateOidcConfig!.AuthenticationRequestExtraParams).toEqual({ prompt: 'login' });
  const run = await canary({
    'listener-arn': rule.listenerArn,
    'rule-arn': rule.ruleArn,
    'stable-target-group': alb.stableArn,
    'canary-target-group': alb.canaryArn,
    steps: '25,50',
    'stickiness-duration': '1h',
  });
  expect(run.code).toBe(0);
  const after = await describeRule(suite.sim, rule.ruleArn);
  expect(JSON.stringify(after.Conditions)).toBe(JSON.stringify(before.Conditions));
  expect(after.Priority).toBe(before.Priority);
  expect(JSON.stringify(after.Actions![0])).toBe(JSON.stringify(before.Actions![0]));
  expect(after.Actions![1]).toEqual(
    weightedForward(
      [
        [alb.stableArn, 50],
        [alb.canaryArn, 50],
      ],
      { order: 2, stickiness: { Enabled: true, DurationSeconds: 3600 } },
    ),
  );
  // The secret never travelled (Describe does not return it) and ELBv2 still holds it.
  const stored = (suite.sim.world.stateOf('elbv2', () => undefined) as any).rules.get(rule.ruleArn).actions.at(-1).actions[0];
  expect(stored.AuthenticateOidcConfig.ClientSecret).toBe('oidc-client-secret-7f3a');
  expect(run.output).not.toContain('oidc-client-secret-7f3a');
  // The listener's default action (the other listener) was not touched.
  expect(canaryWeight(alb.canaryArn, alb.listenerArn)).toBe(0);
});

test('a cancelled walk leaves the weights where they were and says so; a re-run continues from there', async () => {
  const alb = await seedCanaryAlb(suite.sim);
  const inputs = {
    'listener-arn': alb.listenerArn,
    'stable-target-group': alb.stableArn,
    'canary-target-group': alb.canaryArn,
    steps: '25,50,100',
    'bake-time': '20s',
    timeout: '2m',
  };
  const cancelled = await canary(inputs, {
    onStart: (child) => void whenPrinted(child, 'Bake 1/3 started').then(() => child.kill('SIGINT')),
  });
  expect(cancelled.code).toBe(1);
  expect(cancelled.errors).toEqual(['The run was cancelled; traffic left at canary 25%, stable 75%; a re-run continues from there']);
  expect(cancelled.outputs).toMatchObject({ final: 'canary 25%, stable 75%', 'rolled-back': 'false', 'canary-weight': '25' });
  expect(cancelled.summaryText).toContain('Traffic left at: canary 25%, stable 75%');
  expect(canaryWeight(alb.canaryArn, alb.listenerArn, 'latest')).toBe(25);

  const rerun = await canary({ ...inputs, 'bake-time': '0s' });
  expect(rerun.code).toBe(0);
  // It bakes the 25% it finds (no write of it, no attach at 0%), then goes on.
  expect(rerun.stdout).toContain('Walking the canary through 25%, 50%, 100%');
  expect(rerun.stdout.split('\n').filter((line) => line.startsWith('Weights written'))).toEqual([
    'Weights written (canary 50%, stable 50%); waiting for the load balancer to apply them',
    'Weights written (canary 100%, stable 0%); waiting for the load balancer to apply them',
  ]);
  expect(rerun.outputs.final).toBe('canary 100%, stable 0%');
});

test('promote sends all traffic to the canary; abort sends it all back', async () => {
  const alb = await seedCanaryAlb(suite.sim);
  const inputs = { 'listener-arn': alb.listenerArn, 'stable-target-group': alb.stableArn, 'canary-target-group': alb.canaryArn };
  const promoted = await canary({ ...inputs, action: 'promote', alarms: alb.alarms.join(',') });
  expect(promoted.code).toBe(0);
  expect(promoted.outputs).toMatchObject({ final: 'canary 100%, stable 0%', 'rolled-back': 'false' });
  expect(canaryWeight(alb.canaryArn, alb.listenerArn)).toBe(100);
  expect(promoted.stdout).not.toContain('Bake');

  const aborted = await canary({ ...inputs, action: 'abort' });
  expect(aborted.code).toBe(0);
  expect(aborted.outputs).toMatchObject({ final: 'canary 0%, stable 100%', 'rolled-back': 'true', 'canary-weight': '0' });
  expect(forwardWeights(suite.sim.world, alb.listenerArn)).toEqual([
    { targetGroupArn: alb.stableArn, weight: 100 },
    { targetGroupArn: alb.canaryArn, weight: 0 },
  ]);
});

describe('bad inputs are refused before any change', () => {
  const cases: Array<[string, (alb: Awaited<ReturnType<typeof seedCanaryAlb>>) => Record<string, string>, RegExp]> = [
    ['mode', () => ({ mode: 'nginx' }), /^Input "mode" has value "nginx": expected one of alb, cloudfront, ecs\.$/],
    ['steps', () => ({ steps: '10,5,100' }), /^Input "steps" has value "10,5,100": expected rising whole percentages from 1 to 100/],
    ['steps over 100', () => ({ steps: '50,150' }), /^Input "steps" has value "50,150"/],
    ['bake-time', () => ({ 'bake-time': 'soon' }), /^Input "bake-time" has value "soon": expected a duration/],
    ['action', () => ({ action: 'rollback' }), /^Input "action" has value "rollback": expected one of walk, promote, abort\.$/],
    [
      'listener-arn',
      (alb) => ({ 'listener-arn': alb.canaryArn }),
      /^Input "listener-arn" has value ".*targetgroup.*": expected an application load balancer listener ARN/,
    ],
    [
      'a listener that does not exist',
      (alb) => ({ 'listener-arn': alb.listenerArn.replace(/[0-9a-f]{16}$/, '0123456789abcdef') }),
      /^Input "listener-arn" has value ".*": expected a listener that exists in this account and region\.$/,
    ],
    [
      'rule-arn of another listener',
      (alb) => ({
        'rule-arn': `${alb.listenerArn.replace(':listener/', ':listener-rule/').replace(/[0-9a-f]{16}$/, '0123456789abcdef')}/9683b2d02a6cabee`,
      }),
      /^Input "rule-arn" has value ".*": expected a rule of the listener in listener-arn/,
    ],
    [
      'an unknown target group',
      () => ({ 'canary-target-group': 'api-gamma' }),
      /^Input "canary-target-group" has value "api-gamma": expected a target group that exists in this account and region\.$/,
    ],
    [
      'the same group twice',
      (alb) => ({ 'canary-target-group': alb.stableArn }),
      /^Input "canary-target-group" has value ".*": expected a target group other than stable-target-group\.$/,
    ],
    [
      'a target group name with a space',
      () => ({ 'stable-target-group': 'api blue' }),
      /^Input "stable-target-group" has value "api blue": expected a target group ARN/,
    ],
    [
      'an ARN of another region',
      (alb) => ({ 'canary-target-group': alb.canaryArn.replace('us-east-1', 'eu-west-1') }),
      /^Input "canary-target-group" has value ".*": expected an ARN in region us-east-1/,
    ],
    [
      'bakes longer than the timeout',
      () => ({ steps: '10,50,100', 'bake-time': '30s', timeout: '90s' }),
      /^Input "timeout" has value "90s": expected more than the bakes take \(3 steps × bake-time 30s = 1m30s\), with time left to change weights\.$/,
    ],
    ['stickiness-duration', () => ({ 'stickiness-duration': '8d' }), /^Input "stickiness-duration" has value "8d": expected a duration/],
    ['an alarm CloudWatch does not know', () => ({ alarms: 'api-5xx-typo' }), /^CloudWatch has no alarm named "api-5xx-typo"/],
    ['a missing listener-arn', () => ({ 'listener-arn': '' }), /^Input required and not supplied: listener-arn/],
  ];
  test.each(cases)('%s', async (_name, bad, message) => {
    const alb = await seedCanaryAlb(suite.sim);
    const before = mutatingCalls(suite.sim);
    const run = await canary({
      'listener-arn': alb.listenerArn,
      'stable-target-group': alb.stableArn,
      'canary-target-group': alb.canaryArn,
      alarms: alb.alarms[0],
      ...bad(alb),
    });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(mutatingCalls(suite.sim)).toEqual(before);
    expect(canaryWeight(alb.canaryArn, alb.listenerArn, 'latest')).toBe(0);
  });
});
