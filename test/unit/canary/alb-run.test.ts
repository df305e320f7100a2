import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { runAlbCanary } from '../../../src/canary/alb/run.js';
import type { AlbCanaryOptions } from '../../../src/canary/alb/options.js';
import type { CanaryWalkOptions } from '../../../src/canary/options.js';
import { memoryLogger } from '../../../src/logger.js';
import { weightedForward } from '../../fixtures/elb-actions.js';
import { AUTHENTICATE, CANARY, fakeAlb, LISTENER, RULE, STABLE } from './fake-alb.js';

/** The ALB canary's walk against injected ELBv2 and CloudWatch clients on a fake clock. */

const WALK: CanaryWalkOptions = {
  action: 'walk',
  steps: [10, 25, 50, 100],
  bakeTimeMs: 60_000,
  alarms: ['api-5xx'],
  timeoutMs: 3_600_000,
  pollIntervalMs: 5_000,
};

function start(alb: ReturnType<typeof fakeAlb>, walk: Partial<CanaryWalkOptions> = {}, extra: Partial<AlbCanaryOptions> = {}) {
  const logger = memoryLogger();
  const options: AlbCanaryOptions = {
    walk: { ...WALK, ...walk },
    listenerArn: LISTENER,
    ruleArn: RULE,
    stableTargetGroup: 'api',
    canaryTargetGroup: CANARY,
    ...extra,
  };
  const outcome = runAlbCanary(options, { elbv2: alb.elbv2, cloudwatch: alb.cloudwatch, logger, clock: alb.clock });
  return { outcome, logger };
}

describe('runAlbCanary walk', () => {
  it('attaches the canary at 0%, walks every step to 100 and keeps the other actions', async () => {
    const alb = fakeAlb({ alarms: { 'api-5xx': 'OK' }, applyMs: 12_000 });
    const { outcome, logger } = start(alb);
    const result = await outcome;
    expect(result.failure).toBeUndefined();
    expect(result.rolledBack).toBe(false);
    expect(result.final).toBe('canary 100%, stable 0%');
    expect(alb.writtenCanary()).toEqual([0, 10, 25, 50, 100]);
    const last = alb.elbv2.callsTo('ModifyRule').at(-1)!.Actions as Action[];
    expect(last[0]).toEqual({
      ...AUTHENTICATE,
      AuthenticateOidcConfig: { ...AUTHENTICATE.AuthenticateOidcConfig, UseExistingClientSecret: true },
    });
    expect(last[1]).toEqual(
      weightedForward(
        [
          [STABLE, 0],
          [CANARY, 100],
        ],
        { order: 2 },
      ),
    );
    expect(alb.elbv2.callsTo('ModifyRule').every((input) => Object.keys(input).sort().join() === 'Actions,RuleArn')).toBe(true);
    // Each step's bake starts only once the load balancer applies its weights (12s after each write).
    expect(logger.lines.filter((line) => /^Weights in effect after 1\ds/.test(line))).toHaveLength(5);
    expect(result.timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['Bake 1/4 started (1m)', 'Bake 4/4 passed']));
  });

  it('sends the canary back to 0% when an alarm fires during a bake, naming the alarm and its reason', async () => {
    const alb = fakeAlb({ alarms: { 'api-5xx': 'OK' } });
    // The 10% bake passes; during the 25% bake the alarm goes off.
    alb.onRead.push(() => {
      if (alb.writtenCanary().at(-1) === 25 && alb.elbv2.callsTo('DescribeTargetHealth').length > 1) alb.alarms['api-5xx'] = 'ALARM';
    });
    const result = await start(alb).outcome;
    expect(alb.writtenCanary()).toEqual([0, 10, 25, 0]);
    expect(result.rolledBack).toBe(true);
    expect(result.final).toBe('canary 0%, stable 100%');
    expect(result.failure).toBe(
      'Alarm "api-5xx" is in ALARM: Threshold Crossed: 1 datapoint [12.0] was greater than 5.0; the canary was sent back to 0%',
    );
  });

  it('stops on unhealthy canary targets, naming them and their reasons', async () => {
    const alb = fakeAlb({});
    alb.onRead.push(() => {
      if (alb.writtenCanary().at(-1) === 10) {
        alb.health[CANARY][1] = {
          id: '10.0.1.2',
          state: 'unhealthy',
          reason: 'Target.ResponseCodeMismatch',
          description: 'Health checks failed with these codes: [502]',
        };
      }
    });
    const result = await start(alb, { alarms: [] }).outcome;
    expect(alb.writtenCanary()).toEqual([0, 10, 0]);
    expect(result.rolledBack).toBe(true);
    expect(result.reason).toBe(
      'Target group api-beta has unhealthy targets: 10.0.1.2:8080 unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [502])',
    );
  });

  it('sends no traffic before the canary has a healthy target, and fails without changing weights on an alarm already firing', async () => {
    const alb = fakeAlb({ alarms: { 'api-5xx': 'ALARM' } });
    const result = await start(alb).outcome;
    // Only the attach at 0% was written; nothing to roll back.
    expect(alb.writtenCanary()).toEqual([0]);
    expect(result.rolledBack).toBe(false);
    expect(result.failure).toMatch(/^Alarm "api-5xx" is in ALARM/);
  });

  it('waits while canary targets are still initial', async () => {
    const alb = fakeAlb({});
    alb.health[CANARY] = [{ id: '10.0.1.1', state: 'initial', reason: 'Elb.RegistrationInProgress' }];
    alb.onRead.push((n) => {
      if (n === 4) alb.health[CANARY] = [{ id: '10.0.1.1', state: 'healthy' }];
    });
    const { outcome, logger } = start(alb, { alarms: [], steps: [50] });
    const result = await outcome;
    expect(result.failure).toBeUndefined();
    expect(logger.lines).toContain('Waiting for a healthy canary target: targets 0/1 healthy, 1 initial');
    expect(alb.writtenCanary()).toEqual([0, 50]);
  });

  it('continues from the weights in effect: a re-run at 25% bakes 25% and goes on to 50 and 100', async () => {
    const alb = fakeAlb({
      actions: [
        weightedForward(
          [
            [STABLE, 75],
            [CANARY, 25],
          ],
          { order: 1 },
        ),
      ],
    });
    const result = await start(alb, { alarms: [] }).outcome;
    expect(alb.writtenCanary()).toEqual([50, 100]);
    expect(result.timeline.map((e) => e.event)).toContain('Bake 1/3 started (1m)');
    expect(result.final).toBe('canary 100%, stable 0%');
  });

  it('leaves the weights where they are when cancelled, and says where', async () => {
    const alb = fakeAlb({});
    const controller = new AbortController();
    alb.onRead.push(() => {
      if (alb.writtenCanary().at(-1) === 25) controller.abort();
    });
    const logger = memoryLogger();
    const result = await runAlbCanary(
      { walk: { ...WALK, alarms: [] }, listenerArn: LISTENER, ruleArn: RULE, stableTargetGroup: STABLE, canaryTargetGroup: 'api-beta' },
      { elbv2: alb.elbv2, cloudwatch: alb.cloudwatch, logger, clock: alb.clock, signal: controller.signal },
    );
    expect(alb.writtenCanary()).toEqual([0, 10, 25]);
    expect(result.rolledBack).toBe(false);
    expect(result.final).toBe('canary 25%, stable 75%');
    expect(result.failure).toBe('The run was cancelled; traffic left at canary 25%, stable 75%; a re-run continues from there');
  });

  it('rolls back when the step times out', async () => {
    const alb = fakeAlb({});
    const result = await start(alb, { alarms: [], timeoutMs: 150_000 }).outcome;
    expect(alb.writtenCanary()).toEqual([0, 10, 25, 50, 0]);
    expect(result.rolledBack).toBe(true);
    expect(result.reason).toMatch(/^Timed out after 2m30s \(the step's timeout\) waiting for Bake 3\/4/);
  });
});

describe('runAlbCanary promote and abort', () => {
  it('promote sends all traffic to the canary at once', async () => {
    const alb = fakeAlb({ alarms: { 'api-5xx': 'OK' } });
    const result = await start(alb, { action: 'promote' }).outcome;
    expect(alb.writtenCanary()).toEqual([0, 100]);
    expect(result.final).toBe('canary 100%, stable 0%');
  });

  it('abort sends all traffic back to stable and reports a rollback without failing', async () => {
    const alb = fakeAlb({
      actions: [
        weightedForward(
          [
            [STABLE, 50],
            [CANARY, 50],
          ],
          { order: 1 },
        ),
      ],
    });
    const result = await start(alb, { action: 'abort' }).outcome;
    expect(alb.writtenCanary()).toEqual([0]);
    expect(result.rolledBack).toBe(true);
    expect(result.failure).toBeUndefined();
  });
});

describe('runAlbCanary refuses before any change', () => {
  it('a forward to a third target group', async () => {
    const alb = fakeAlb({ actions: [{ Type: 'forward', TargetGroupArn: `${STABLE.replace('api/', 'web/')}` }] });
    await expect(start(alb).outcome).rejects.toThrow(
      'The forward action sends traffic to target group web, which is neither the stable nor the canary group: nothing was changed.',
    );
    expect(alb.mutations()).toEqual([]);
  });

  it('an unknown target group names the setting', async () => {
    const alb = fakeAlb({});
    await expect(start(alb, {}, { canaryTargetGroup: 'api-gamma' }).outcome).rejects.toMatchObject({ setting: 'canaryTargetGroup' });
    expect(alb.mutations()).toEqual([]);
  });

  it('an alarm CloudWatch does not know', async () => {
    const alb = fakeAlb({ alarms: {} });
    await expect(start(alb).outcome).rejects.toThrow('CloudWatch has no alarm named "api-5xx"');
    expect(alb.mutations()).toEqual([]);
  });
});
