import { memoryLogger } from '../../../src/logger.js';
import { followRollout } from '../../../src/preview/wait.js';
import { fakeClient } from '../fake-aws.js';

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/api-pr-7:2';

/** A fake ECS answering DescribeServices with each of `answers` in turn (the last one again). */
function ecsAnswering(answers: Array<Record<string, unknown> | undefined>) {
  let at = 0;
  return fakeClient({
    DescribeServices: () => {
      const service = answers[Math.min(at++, answers.length - 1)];
      return service ? { services: [service], failures: [] } : { services: [], failures: [{ reason: 'MISSING' }] };
    },
  });
}

const active = (rolloutState: string, extra: Record<string, unknown> = {}) => ({
  serviceName: 'api-pr-7',
  status: 'ACTIVE',
  deployments: [
    {
      status: 'PRIMARY',
      taskDefinition: TD,
      rolloutState,
      runningCount: rolloutState === 'COMPLETED' ? 1 : 0,
      pendingCount: 1,
      desiredCount: 1,
    },
  ],
  ...extra,
});

async function follow(answers: Array<Record<string, unknown> | undefined>, awaited: { deploymentId?: string; createdAt?: Date } = {}) {
  const logger = memoryLogger();
  let now = 0;
  const end = await followRollout(
    { ecs: ecsAnswering(answers), elb: fakeClient({}), logger, now: () => now, sleep: async (ms) => void (now += ms) },
    { cluster: 'shop', service: 'api-pr-7', awaited: { taskDefinitionArn: TD, ...awaited }, timeoutMs: 60_000, intervalMs: 1000 },
  );
  return { end, lines: logger.lines };
}

test('a service ECS does not show yet (read lag) is waited for, then followed to COMPLETED, one line per change', async () => {
  const { end, lines } = await follow([undefined, active('IN_PROGRESS'), active('IN_PROGRESS'), active('COMPLETED')]);
  expect(end).toEqual({ outcome: 'completed' });
  expect(lines).toEqual([
    'api-pr-7: waiting for the deployment to appear',
    'api-pr-7: 0 running, 1 pending of 1 (IN_PROGRESS)',
    'api-pr-7: 1 running, 1 pending of 1 (COMPLETED)',
  ]);
});

test('a failed rollout ends with its reason and the last service event', async () => {
  const failed = active('FAILED', { events: [{ message: '(service api-pr-7) deployment failed: tasks failed to start.' }] });
  (failed.deployments[0] as Record<string, unknown>).rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  const { end } = await follow([active('IN_PROGRESS'), failed]);
  expect(end).toEqual({
    outcome: 'failed',
    reason:
      'ECS deployment circuit breaker: tasks failed to start.; last event: (service api-pr-7) deployment failed: tasks failed to start.',
  });
});

test('a service deleted meanwhile (DRAINING) is a removal, not a failure', async () => {
  expect((await follow([active('IN_PROGRESS'), { ...active('IN_PROGRESS'), status: 'DRAINING' }])).end).toEqual({ outcome: 'removed' });
});

test('a read that still shows the deployment before ours (lag) is waited out; a newer one than ours is a replacement', async () => {
  const before = { ...active('COMPLETED') };
  (before.deployments[0] as Record<string, unknown>).id = 'ecs-svc/1';
  (before.deployments[0] as Record<string, unknown>).taskDefinition = `${TD.slice(0, -1)}1`;
  (before.deployments[0] as Record<string, unknown>).createdAt = new Date(1000);
  const ours = active('COMPLETED');
  (ours.deployments[0] as Record<string, unknown>).id = 'ecs-svc/2';
  const awaited = { deploymentId: 'ecs-svc/2', createdAt: new Date(2000) };
  expect((await follow([before, before, ours], awaited)).end).toEqual({ outcome: 'completed' });
  const newer = active('IN_PROGRESS');
  Object.assign(newer.deployments[0], { id: 'ecs-svc/3', createdAt: new Date(3000), taskDefinition: `${TD.slice(0, -1)}3` });
  expect((await follow([newer], awaited)).end).toEqual({ outcome: 'replaced', by: `${TD.slice(0, -1)}3` });
});

test('a rollout that never ends times out after the timeout', async () => {
  await expect(follow([active('IN_PROGRESS')])).rejects.toThrow("Timed out after 1m waiting for api-pr-7's deployment");
});
