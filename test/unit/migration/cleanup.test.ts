import { memoryLogger } from '../../../src/logger.js';
import { cleanupFor, stopUnfinishedMigration } from '../../../src/migration/cleanup.js';
import { matchesFinder, type TaskFinder } from '../../../src/migration/find-task.js';
import { fakeClient } from '../fake-aws.js';

const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/shop/abc123';
const TASK_DEF = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-migrate:4';
const finder: TaskFinder = {
  cluster: 'shop',
  startedBy: 'ecs-ship/run-migration',
  taskDefinitionArn: TASK_DEF,
  container: '',
  overrides: '44136fa355b3678a1146ad16f7e8649e',
  requestedAt: Date.parse('2026-01-01T10:00:00Z'),
};

describe('the post step stops a task only for a cancelled or killed job, or a passed timeout', () => {
  test.each([
    ['watching', 'stop', 'the job ended before it finished'],
    ['cancelled', 'stop', 'the job was cancelled'],
    ['timeout', 'stop', 'it did not finish within the timeout'],
    ['finished', 'nothing', undefined],
    ['gave-up', 'leave', undefined],
  ] as const)('%s -> %s', (outcome, kind, because) => {
    const cleanup = cleanupFor({ outcome, cluster: 'shop', taskArn: TASK });
    expect(cleanup.kind).toBe(kind);
    if (because) expect(cleanup).toMatchObject({ because, taskArn: TASK });
  });

  test('a RunTask in flight (no ARN yet) is found by what was saved before it', () => {
    expect(cleanupFor({ outcome: 'starting', cluster: 'shop', finder })).toEqual({
      kind: 'find',
      finder,
      because: 'the job ended while RunTask was starting it',
    });
  });

  test('nothing saved, or a main that failed before RunTask, leaves nothing to do', () => {
    expect(cleanupFor({})).toEqual({ kind: 'nothing' });
    expect(cleanupFor({ outcome: 'gave-up', cluster: 'shop' })).toEqual({ kind: 'nothing' });
  });
});

const task = (overrides: Record<string, unknown> = {}) => ({
  taskArn: TASK,
  lastStatus: 'RUNNING',
  desiredStatus: 'RUNNING',
  startedBy: finder.startedBy,
  taskDefinitionArn: TASK_DEF,
  createdAt: new Date(finder.requestedAt + 2_000),
  ...overrides,
});

test('a task matches the finder by startedBy, revision, creation time and overrides', () => {
  expect(matchesFinder(task(), finder)).toBe(true);
  expect(matchesFinder(task({ overrides: { containerOverrides: [{ name: 'app' }] } }), finder)).toBe(true);
  expect(matchesFinder(task({ startedBy: 'someone-else' }), finder)).toBe(false);
  expect(matchesFinder(task({ taskDefinitionArn: `${TASK_DEF.slice(0, -1)}3` }), finder)).toBe(false);
  expect(matchesFinder(task({ createdAt: new Date(finder.requestedAt - 60_000) }), finder)).toBe(false);
  const withCommand = { ...finder, container: 'app' };
  expect(
    matchesFinder(task({ overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] } }), withCommand),
  ).toBe(false);
});

function ecsWith(listed: Array<ReturnType<typeof task>>) {
  return fakeClient({
    ListTasks: () => ({ taskArns: listed.map((t) => t.taskArn) }),
    DescribeTasks: (input) => ({ tasks: listed.filter((t) => input.tasks.includes(t.taskArn)) }),
    StopTask: () => ({}),
  });
}

const fakeClock = () => {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
};

test('finds the task a killed RunTask started and stops it', async () => {
  const ecs = ecsWith([task(), task({ taskArn: `${TASK}-old`, createdAt: new Date(finder.requestedAt - 600_000) })]);
  const logger = memoryLogger();
  const result = await stopUnfinishedMigration({
    ecs,
    cleanup: cleanupFor({ outcome: 'starting', cluster: 'shop', finder }) as any,
    logger,
    clock: fakeClock(),
  });
  expect(result).toBe('stopped');
  expect(ecs.callsTo('ListTasks')[0]).toMatchObject({ cluster: 'shop', startedBy: finder.startedBy, desiredStatus: 'RUNNING' });
  expect(ecs.callsTo('StopTask')).toEqual([
    { cluster: 'shop', task: TASK, reason: 'Stopped by ecs-ship: the job ended while RunTask was starting it' },
  ]);
});

test('looks again for a while when the task does not show yet, then says none started', async () => {
  const ecs = ecsWith([]);
  const logger = memoryLogger();
  const result = await stopUnfinishedMigration({
    ecs,
    cleanup: { kind: 'find', finder, because: 'x' },
    logger,
    clock: fakeClock(),
    findWaitMs: 10_000,
  });
  expect(result).toBe('not-found');
  expect(ecs.callsTo('ListTasks').length).toBeGreaterThan(2);
  expect(ecs.callsTo('StopTask')).toEqual([]);
});

test('two tasks alike (another job ran the same migration): stops neither', async () => {
  const ecs = ecsWith([task(), task({ taskArn: `${TASK}-twin` })]);
  const logger = memoryLogger();
  const result = await stopUnfinishedMigration({ ecs, cleanup: { kind: 'find', finder, because: 'x' }, logger, clock: fakeClock() });
  expect(result).toBe('ambiguous');
  expect(ecs.callsTo('StopTask')).toEqual([]);
  expect(logger.lines).toContainEqual(expect.stringMatching(/^warning: Several tasks match .* so none was stopped/));
});

test('a task already stopping is left alone', async () => {
  const ecs = ecsWith([task({ desiredStatus: 'STOPPED' })]);
  const result = await stopUnfinishedMigration({
    ecs,
    cleanup: { kind: 'stop', cluster: 'shop', taskArn: TASK, because: 'x' },
    logger: memoryLogger(),
  });
  expect(result).toBe('already-stopped');
  expect(ecs.callsTo('StopTask')).toEqual([]);
});
