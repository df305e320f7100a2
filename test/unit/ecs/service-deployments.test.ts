import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { failureReason, hasReached } from '../../../src/ecs/service-deployment-view.js';
import { followServiceDeployment } from '../../../src/ecs/service-deployments.js';
import { memoryLogger } from '../../../src/logger.js';
import { fakeClient } from '../fake-aws.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/abc';
const CANARY = { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 }, bakeTimeInMinutes: 30 };

const at = (status: string, stage: string, weight: number, extra: Partial<ServiceDeployment> = {}): ServiceDeployment =>
  ({
    serviceDeploymentArn: ARN,
    status,
    lifecycleStage: stage,
    deploymentConfiguration: CANARY,
    targetServiceRevision: { arn: 'rev/2', requestedProductionTrafficWeight: weight },
    ...extra,
  }) as ServiceDeployment;

/** Follows on a fake clock (each poll 1 minute apart), DescribeServiceDeployments answering `answers` in turn. */
async function follow(
  answers: ServiceDeployment[],
  options: { stopAtStage?: string; stopWhenPaused?: boolean; continuedHookId?: string } = {},
) {
  let call = 0;
  let clock = 0;
  const logger = memoryLogger();
  const ecs = fakeClient({
    DescribeServiceDeployments: () => ({ serviceDeployments: [answers[Math.min(call++, answers.length - 1)]] }),
  });
  const result = await followServiceDeployment({
    ecs,
    serviceDeploymentArn: ARN,
    subject: 'api',
    deadline: 24 * 3_600_000,
    pollIntervalMs: 60_000,
    logger,
    now: () => clock,
    sleep: async (ms) => void (clock += ms),
    ...options,
  });
  return { result, lines: logger.lines, calls: call };
}

test('one line per change of stage or traffic share, with the bake time left counted from when the bake was seen', async () => {
  const { result, lines } = await follow([
    at('IN_PROGRESS', 'SCALE_UP', 0),
    at('IN_PROGRESS', 'SCALE_UP', 0),
    at('IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', 10),
    at('IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', 10),
    at('IN_PROGRESS', 'BAKE_TIME', 100),
    at('SUCCESSFUL', 'CLEAN_UP', 100),
  ]);
  expect(result.end).toBe('finished');
  expect(lines).toEqual([
    'api: CANARY deployment in progress at SCALE_UP, new revision 0% of production traffic',
    'api: CANARY deployment in progress at PRODUCTION_TRAFFIC_SHIFT, new revision 10% of production traffic (canary bake 10m left)',
    'api: CANARY deployment in progress at BAKE_TIME, new revision 100% of production traffic (bake 30m left)',
    'api: CANARY deployment SUCCESSFUL at CLEAN_UP, new revision 100% of production traffic',
  ]);
  expect(result.timeline.map((m) => m.traffic)).toEqual([
    { new: 0, old: 100 },
    { new: 10, old: 90 },
    { new: 100, old: 0 },
    { new: 100, old: 0 },
  ]);
});

test('stops once the chosen stage is reached or passed, never during a rollback', async () => {
  const passed = await follow([at('IN_PROGRESS', 'SCALE_UP', 0), at('IN_PROGRESS', 'CLEAN_UP', 100)], { stopAtStage: 'BAKE_TIME' });
  expect(passed.result.end).toBe('reached-stage');
  expect(hasReached(at('ROLLBACK_IN_PROGRESS', 'BAKE_TIME', 0), 'BAKE_TIME')).toBe(false);
});

test('a PAUSE hook ends the follow when asked; the hook just continued does not', async () => {
  const hook = { hookId: 'h-1', targetType: 'PAUSE', status: 'AWAITING_ACTION', timeoutAction: 'ROLLBACK' } as const;
  const paused = at('IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT', 0, { lifecycleHookDetails: [hook] });
  const ended = await follow([paused], { stopWhenPaused: true });
  expect(ended.result.end).toBe('paused');
  expect(ended.lines[0]).toMatch(/paused by lifecycle hook h-1, waiting for ContinueServiceDeployment \(times out, then ROLLBACK\)$/);
  const continued = await follow([paused, at('SUCCESSFUL', 'CLEAN_UP', 100)], { stopWhenPaused: true, continuedHookId: 'h-1' });
  expect(continued.result.end).toBe('finished');
});

test('the failure reason names the alarms that fired', () => {
  const rolledBack = at('ROLLBACK_SUCCESSFUL', 'BAKE_TIME', 0, {
    alarms: { status: 'TRIGGERED', alarmNames: ['api-5xx', 'api-latency'], triggeredAlarmNames: ['api-5xx'] },
    rollback: { reason: 'Service deployment rolled back because of an alarm.' },
  });
  expect(failureReason(rolledBack)).toBe('alarm api-5xx in ALARM: Service deployment rolled back because of an alarm.');
  const named = { ...rolledBack, rollback: { reason: 'rolled back: api-5xx went into ALARM.' } };
  expect(failureReason(named)).toBe('rolled back: api-5xx went into ALARM.');
});
