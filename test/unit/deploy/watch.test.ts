import { watchDeployment } from '../../../src/deploy/watch.js';
import { newWatchState } from '../../../src/deploy/watch-state.js';
import { memoryLogger } from '../../../src/logger.js';
import { fakeClient } from '../fake-aws.js';

/** A service whose deployment `ecs-svc/1` goes through the given states, one per DescribeServices. */
function serviceGoingThrough(states: Array<{ running: number; rollout: string }>, others: object[] = []) {
  let call = 0;
  return fakeClient({
    DescribeServices: () => {
      const { running, rollout } = states[Math.min(call++, states.length - 1)];
      return {
        services: [
          {
            serviceName: 'api',
            desiredCount: 2,
            deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: 'arn:td/api:2', desiredCount: 2, runningCount: running, pendingCount: 2 - running, failedTasks: 0, rolloutState: rollout }, ...others],
            events: [],
          },
        ],
      };
    },
  });
}

async function watch(states: Array<{ running: number; rollout: string }>, others: object[] = []) {
  const sleeps: number[] = [];
  let clock = 0;
  const result = await watchDeployment({
    ecs: serviceGoingThrough(states, others),
    cluster: 'prod',
    state: newWatchState({ service: 'api', deploymentId: 'ecs-svc/1', taskDefinitionArn: 'arn:td/api:2', desiredCount: 2, circuitBreaker: { enable: true } }),
    deadline: 10 * 60_000,
    pollIntervalMs: 3000,
    log: memoryLogger(),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return { result, sleeps };
}

test('polls at the interval while tasks start, and quicker once every new task runs', async () => {
  const { result, sleeps } = await watch([
    { running: 0, rollout: 'IN_PROGRESS' },
    { running: 1, rollout: 'IN_PROGRESS' },
    { running: 2, rollout: 'IN_PROGRESS' },
    { running: 2, rollout: 'COMPLETED' },
  ]);
  expect(result.verdict).toEqual({ ok: true, how: 'completed' });
  expect(sleeps).toEqual([3000, 3000, 1000]);
});

test('no quick polls while an older deployment is still draining', async () => {
  const { sleeps } = await watch(
    [
      { running: 2, rollout: 'IN_PROGRESS' },
      { running: 2, rollout: 'IN_PROGRESS' },
      { running: 2, rollout: 'COMPLETED' },
    ],
    [{ id: 'ecs-svc/0', status: 'ACTIVE', runningCount: 2, desiredCount: 0 }],
  );
  expect(sleeps).toEqual([3000, 3000]);
});

test('the quick polls are capped, so a long drain stays light on the API', async () => {
  const draining = Array.from({ length: 20 }, () => ({ running: 2, rollout: 'IN_PROGRESS' }));
  const { sleeps } = await watch([...draining, { running: 2, rollout: 'COMPLETED' }]);
  expect(sleeps.filter((ms) => ms === 1000)).toHaveLength(8);
  expect(sleeps.slice(8).every((ms) => ms === 3000)).toBe(true);
});
