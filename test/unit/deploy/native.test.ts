import type { Service } from '@aws-sdk/client-ecs';
import { followNative, isNativeStrategy } from '../../../src/deploy/native.js';
import type { ServiceResult } from '../../../src/deploy/types.js';
import { memoryLogger } from '../../../src/logger.js';
import { fakeClient } from '../fake-aws.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/abc';
const CANARY = {
  strategy: 'CANARY',
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
  bakeTimeInMinutes: 30,
} as const;
const service = { serviceName: 'api', deploymentConfiguration: CANARY } as unknown as Service;

/** deploy-service's follow of a native deployment, DescribeServiceDeployments answering `answers` in turn. */
async function followThrough(answers: object[]) {
  let call = 0;
  let clock = 0;
  const logger = memoryLogger();
  const ecs = fakeClient({
    ListServiceDeployments: () => ({ serviceDeployments: [{ serviceDeploymentArn: ARN, createdAt: new Date(0), status: 'IN_PROGRESS' }] }),
    DescribeServiceDeployments: () => ({
      serviceDeployments: [
        { serviceDeploymentArn: ARN, deploymentConfiguration: CANARY, ...answers[Math.min(call++, answers.length - 1)] },
      ],
    }),
  });
  const result = {
    service: 'api',
    result: 'failed',
    registered: true,
    imageChanges: [],
    durationMs: 0,
    cluster: 'prod',
    consoleUrl: '',
  } as ServiceResult;
  const ok = await followNative({
    deps: { ecs, logs: () => fakeClient({}), logger, region: 'us-east-1', now: () => clock, sleep: async (ms) => void (clock += ms) },
    deploy: {
      cluster: 'prod',
      targets: [],
      forceNewDeployment: false,
      wait: true,
      timeoutMs: 3_600_000,
      pollIntervalMs: 5000,
      rollbackOnFailure: false,
      deadline: 3_600_000,
    },
    service,
    serviceName: 'api',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:8',
    result,
  });
  return { ok, result, lines: logger.lines };
}

const traffic = (weight: number) => ({ targetServiceRevision: { arn: 'rev', requestedProductionTrafficWeight: weight } });

test('only the strategies ECS shifts traffic for are native', () => {
  expect(
    ['BLUE_GREEN', 'CANARY', 'LINEAR', 'ROLLING', undefined].map((strategy) =>
      isNativeStrategy({ deploymentConfiguration: { strategy } } as Service),
    ),
  ).toEqual([true, true, true, false, false]);
});

test('a rollback in the bake is a failure naming the alarm, never a success', async () => {
  const { ok, result } = await followThrough([
    { status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME', ...traffic(100) },
    {
      status: 'ROLLBACK_SUCCESSFUL',
      lifecycleStage: 'BAKE_TIME',
      ...traffic(0),
      alarms: { status: 'TRIGGERED', alarmNames: ['api-5xx'], triggeredAlarmNames: ['api-5xx'] },
      rollback: { reason: 'Service deployment rolled back because of an alarm.' },
    },
  ]);
  expect(ok).toBe(false);
  expect(result.result).toBe('failed');
  expect(result.cause).toBe(
    'api: ECS rolled back the CANARY deployment of rev 8 at BAKE_TIME (ROLLBACK_SUCCESSFUL): alarm api-5xx in ALARM: Service deployment rolled back because of an alarm.',
  );
});

test('SUCCESSFUL succeeds; a PAUSE hook ends the wait as started, not succeeded', async () => {
  const done = await followThrough([
    { status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME', ...traffic(100) },
    { status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP', ...traffic(100) },
  ]);
  expect(done).toMatchObject({ ok: true, result: { result: 'succeeded' } });
  const paused = await followThrough([
    {
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      ...traffic(0),
      lifecycleHookDetails: [{ hookId: 'h-1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }],
    },
  ]);
  expect(paused.ok).toBe(false);
  expect(paused.result.result).toBe('started');
  expect(paused.lines.at(-1)).toMatch(
    /^api: rev 8 paused at POST_TEST_TRAFFIC_SHIFT by lifecycle hook h-1 .*route-canary \(mode ecs, action promote\)/,
  );
});
