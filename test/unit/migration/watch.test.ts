import { memoryLogger } from '../../../src/logger.js';
import { LogFollower } from '../../../src/logs/follower.js';
import { runMigration } from '../../../src/migration/run-migration.js';
import type { MigrationSettings } from '../../../src/migration/settings.js';
import { lostTaskLine, watchTask, type WatchOptions } from '../../../src/migration/watch.js';
import { awsError, fakeClient } from '../fake-aws.js';
import { fakeClock } from '../wait/fake-clock.js';

/** The migration watcher on a fake clock: AWS errors while a task runs, and what ends the watch. */
const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/shop/abc123';
const unavailable = () => awsError('ServerException', 'Service unavailable', 503);
const stopped = { lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', containers: [{ name: 'app', exitCode: 0 }] };

/** ECS whose DescribeTasks answers from `answers` in turn (an Error is thrown), then stays on the last. */
function ecsAnswering(answers: Array<Record<string, unknown> | Error>) {
  let i = 0;
  return fakeClient({
    DescribeTasks: () => {
      const answer = answers[Math.min(i++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return { tasks: [{ taskArn: TASK, ...answer }] };
    },
    StopTask: () => ({ task: { taskArn: TASK } }),
  });
}

function watch(ecs: ReturnType<typeof fakeClient>, options: Partial<WatchOptions> = {}) {
  const clock = fakeClock();
  const logger = memoryLogger();
  const watched = watchTask({
    ecs,
    cluster: 'shop',
    taskArn: TASK,
    logger,
    deadline: 30 * 60_000,
    now: clock.now,
    sleep: clock.sleep,
    ...options,
  });
  return { watched, clock, logger };
}

test('rides out 503s on DescribeTasks, saying when AWS stops and starts answering', async () => {
  const ecs = ecsAnswering([{ lastStatus: 'RUNNING' }, unavailable(), unavailable(), unavailable(), stopped]);
  const { watched, logger, clock } = watch(ecs);
  expect(await watched).toMatchObject({ end: 'stopped', task: { lastStatus: 'STOPPED' } });
  expect(logger.lines).toEqual([
    'Task abc123: RUNNING',
    'Task abc123: AWS is not answering (ServerException: Service unavailable); still waiting, for up to 5m',
    'Task abc123: AWS answers again after 3s',
    'Task abc123: STOPPED (EssentialContainerExited)',
  ]);
  expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000]);
});

test('AWS silent past unreachable-timeout: the watch ends lost, the task untouched', async () => {
  const ecs = ecsAnswering([{ lastStatus: 'RUNNING' }, unavailable()]);
  const { watched } = watch(ecs, { unreachableTimeoutMs: 10_000 });
  expect(await watched).toEqual({
    task: expect.objectContaining({ lastStatus: 'RUNNING' }),
    end: 'lost',
    lostBecause: 'AWS has not answered for 10s (last error: ServerException: Service unavailable)',
  });
  expect(ecs.callsTo('StopTask')).toEqual([]);
});

test('an error waiting cannot cure ends the watch lost at once', async () => {
  const ecs = ecsAnswering([{ lastStatus: 'RUNNING' }, awsError('AccessDeniedException', 'not authorized to perform ecs:DescribeTasks')]);
  const { watched } = watch(ecs);
  expect(await watched).toMatchObject({ end: 'lost', lostBecause: 'AccessDeniedException: not authorized to perform ecs:DescribeTasks' });
  expect(ecs.names()).toEqual(['DescribeTasks', 'DescribeTasks']);
});

test('the deadline is read from the injected clock', async () => {
  const { watched, clock } = watch(ecsAnswering([{ lastStatus: 'RUNNING' }]), { deadline: 2500 });
  expect(await watched).toMatchObject({ end: 'timeout' });
  expect(clock.sleeps).toEqual([1000, 1000, 500]);
});

test('logs that cannot be read for a while are read again later, with one warning', async () => {
  let reads = 0;
  const logs = fakeClient({
    GetLogEvents: () => {
      if (++reads <= 2) throw awsError('ServiceUnavailableException', 'try later', 503);
      return { events: [{ timestamp: 1, message: 'migrated' }], nextForwardToken: 'end' };
    },
  });
  const logger = memoryLogger();
  const follower = new LogFollower({
    logs,
    location: { group: '/ecs/shop', stream: 'ecs/app/abc123' },
    onLine: (line) => logger.untrusted(line),
  });
  const ecs = ecsAnswering([{ lastStatus: 'RUNNING' }, { lastStatus: 'RUNNING' }, stopped]);
  const { watched } = watch(ecs, { follower, logger });
  expect(await watched).toMatchObject({ end: 'stopped' });
  expect(logger.lines.filter((line) => /logs/.test(line))).toEqual([
    "warning: Cannot read the migration's logs for now (ServiceUnavailableException: try later); trying again",
  ]);
  expect(logger.lines).toContain('migrated');
});

test('a lost task fails the step with its ARN and log link, and is not stopped', async () => {
  const taskDefinition = {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-migrate:4',
    family: 'shop-migrate',
    revision: 4,
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'app',
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'ecs' } },
      },
    ],
  };
  const ecs = fakeClient({
    DescribeClusters: () => ({ clusters: [{ clusterName: 'shop', status: 'ACTIVE' }], failures: [] }),
    DescribeTaskDefinition: () => ({ taskDefinition }),
    RunTask: () => ({ tasks: [{ taskArn: TASK }], failures: [] }),
    DescribeTasks: () => {
      throw unavailable();
    },
    StopTask: () => ({}),
  });
  const settings: MigrationSettings = {
    cluster: 'shop',
    taskDefinition: { kind: 'reference', reference: 'shop-migrate:4' },
    environment: [],
    network: { subnets: ['subnet-aaaa1111'], securityGroups: [], launchType: 'FARGATE' },
    timeoutMs: 60 * 60_000,
    unreachableTimeoutMs: 5 * 60_000,
    startedBy: 'ecs-ship/run-migration',
    tags: [],
  };
  const clock = fakeClock();
  const logs = fakeClient({ GetLogEvents: () => ({ events: [], nextForwardToken: 'end' }) });
  const result = await runMigration(settings, {
    ecs,
    logs: () => logs,
    region: 'eu-west-1',
    logger: memoryLogger(),
    clock,
    env: { GITHUB_RUN_ID: '1' },
  });

  expect(result.end).toBe('lost');
  expect(result.failure).toBe(
    lostTaskLine({
      taskArn: TASK,
      lostBecause: 'AWS has not answered for 5m (last error: ServerException: Service unavailable)',
      logUrl: result.logUrl,
    }),
  );
  expect(result.failure).toMatch(
    /^migration: lost track of task arn:aws:ecs:eu-west-1:123456789012:task\/shop\/abc123: AWS has not answered for 5m \(last error: ServerException: Service unavailable\); the task was not stopped and may still be running; logs: https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudwatch\/.*abc123$/,
  );
  expect(ecs.callsTo('StopTask')).toEqual([]);
  expect(result.durationMs).toBe(5 * 60_000);
});
