import { watchDeployment } from '../../../src/deploy/watch.js';
import { newWatchState } from '../../../src/deploy/watch-state.js';
import { memoryLogger } from '../../../src/logger.js';
import { awsError, fakeClient } from '../fake-aws.js';

type RolloutState = { running: number; rollout: string };

/** Service api with its deployment `ecs-svc/1` (2 tasks wanted) in the given state, beside `others`. */
function serviceAt({ running, rollout }: RolloutState, others: object[] = []) {
  return {
    serviceName: 'api',
    desiredCount: 2,
    deployments: [
      {
        id: 'ecs-svc/1',
        status: 'PRIMARY',
        taskDefinition: 'arn:td/api:2',
        desiredCount: 2,
        runningCount: running,
        pendingCount: 2 - running,
        failedTasks: 0,
        rolloutState: rollout,
      },
      ...others,
    ],
    events: [],
  };
}

/** Watches api on a fake clock, DescribeServices answering from `answers` in turn (an Error is thrown). */
async function watchThrough(answers: Array<object | Error>, options: { deadline?: number; unreachableTimeoutMs?: number } = {}) {
  let call = 0;
  let clock = 0;
  const sleeps: number[] = [];
  const logger = memoryLogger();
  const ecs = fakeClient({
    DescribeServices: () => {
      const answer = answers[Math.min(call++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return { services: [answer] };
    },
  });
  const result = await watchDeployment({
    ecs,
    cluster: 'prod',
    state: newWatchState({
      service: 'api',
      deploymentId: 'ecs-svc/1',
      taskDefinitionArn: 'arn:td/api:2',
      desiredCount: 2,
      circuitBreaker: { enable: true },
    }),
    deadline: options.deadline ?? 10 * 60_000,
    pollIntervalMs: 3000,
    unreachableTimeoutMs: options.unreachableTimeoutMs,
    logger,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return { result, sleeps, logger, clock };
}

const watch = (states: RolloutState[], others: object[] = []) => watchThrough(states.map((state) => serviceAt(state, others)));

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

const rollingOut = serviceAt({ running: 1, rollout: 'IN_PROGRESS' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });

test('AWS unreachable past unreachable-timeout: the outcome is unknown, said once the time is up', async () => {
  const { result, logger, clock } = await watchThrough([rollingOut, refused()], { unreachableTimeoutMs: 60_000 });
  expect(result.verdict).toEqual({
    ok: false,
    failure: {
      kind: 'error',
      message: "AWS has not answered for 1m (last error: connect ECONNREFUSED 10.0.0.1:443); the deployment's outcome is unknown",
    },
  });
  expect(clock).toBe(63_000);
  expect(logger.lines[0]).toBe('api: 1/2 running, 1 pending, rev 2');
  expect(logger.lines[1]).toBe('api: AWS is not answering (connect ECONNREFUSED 10.0.0.1:443); still waiting, for up to 1m');
  // A reminder at most every 12s (a fifth of the timeout), not a line per 3s poll.
  expect(logger.lines.slice(2)).toHaveLength(4);
});

test('a timeout while AWS is silent says how old the last progress is', async () => {
  const { result } = await watchThrough([rollingOut, refused()], { deadline: 30_000 });
  expect(result.verdict).toEqual({
    ok: false,
    failure: { kind: 'timeout', progress: 'api: 1/2 running, 1 pending, rev 2 (AWS has not answered for 27s since)' },
  });
});

test('an outage that ends: the wait goes on to the verdict, saying when AWS answers again', async () => {
  const completed = serviceAt({ running: 2, rollout: 'COMPLETED' });
  const unavailable = awsError('ServerException', 'Service unavailable', 503);
  const { result, logger } = await watchThrough([rollingOut, unavailable, unavailable, completed]);
  expect(result.verdict).toEqual({ ok: true, how: 'completed' });
  expect(logger.lines).toEqual([
    'api: 1/2 running, 1 pending, rev 2',
    'api: AWS is not answering (ServerException: Service unavailable); still waiting, for up to 5m',
    'api: AWS answers again after 6s',
    'api: 2/2 running, rev 2',
  ]);
});
