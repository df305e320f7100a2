import type { Task } from '@aws-sdk/client-ecs';
import { formatDuration } from '../../../src/format.js';
import { lastLinesText, migrationVerdict } from '../../../src/migration/verdict.js';

const arn = 'arn:aws:ecs:eu-west-1:123456789012:task/shop/0a1b2c3d4e';
const stopped = (container: Partial<NonNullable<Task['containers']>[number]>, task: Partial<Task> = {}): Task => ({
  taskArn: arn,
  lastStatus: 'STOPPED',
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  containers: [{ name: 'migrate', lastStatus: 'STOPPED', ...container }],
  ...task,
});
const lines = ['Applying 001_init', 'Applying 002_users', 'ERROR: relation "users" already exists'];

test('exit code 0 is a success', () => {
  expect(migrationVerdict({ task: stopped({ exitCode: 0 }), container: 'migrate', end: 'stopped', lastLines: lines })).toEqual({
    exitCode: 0,
  });
});

test('a non-zero exit code fails with the code, the container and the last lines', () => {
  const verdict = migrationVerdict({ task: stopped({ exitCode: 3 }), container: 'migrate', end: 'stopped', lastLines: ['x', ...lines] });
  expect(verdict).toEqual({
    exitCode: 3,
    failure:
      'migration exited with code 3 (container migrate); last lines: Applying 001_init | Applying 002_users | ERROR: relation "users" already exists',
  });
});

test('no exit code: the stop code and the reason, without log lines', () => {
  const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref repo/app:nope: not found';
  const task = stopped({ reason }, { stopCode: 'TaskFailedToStart', stoppedReason: reason });
  expect(migrationVerdict({ task, container: 'migrate', end: 'stopped', lastLines: [] })).toEqual({
    exitCode: undefined,
    failure: `migration failed to start (TaskFailedToStart): ${reason} (container migrate)`,
  });
});

test('a container reason different from the task reason is added', () => {
  const task = stopped(
    { reason: 'ResourceInitializationError: unable to pull secrets' },
    { stopCode: 'TaskFailedToStart', stoppedReason: 'Task failed to start' },
  );
  expect(migrationVerdict({ task, container: 'migrate', end: 'stopped', lastLines: [] }).failure).toBe(
    'migration failed to start (TaskFailedToStart): Task failed to start (container migrate: ResourceInitializationError: unable to pull secrets)',
  );
});

test('out of memory says so, with the exit code', () => {
  const task = stopped({ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' });
  expect(migrationVerdict({ task, container: 'migrate', end: 'stopped', lastLines: ['loading'] }).failure).toBe(
    'migration ran out of memory (container migrate, exit code 137): OutOfMemoryError: Container killed due to memory usage; last lines: loading',
  );
});

test('a timeout and a cancelled job say what was done', () => {
  const task = stopped({ exitCode: 143 }, { stopCode: 'UserInitiated' });
  expect(migrationVerdict({ task, container: 'migrate', end: 'timeout', lastLines: ['still going'], timeout: '10m' }).failure).toBe(
    'migration timed out after 10m: stopped task 0a1b2c3d4e; last lines: still going',
  );
  expect(migrationVerdict({ task, container: 'migrate', end: 'cancelled', lastLines: [] }).failure).toBe(
    'migration cancelled with the job: stopped task 0a1b2c3d4e',
  );
});

test('long last lines are cut short so the error stays one readable line', () => {
  expect(lastLinesText(['y'.repeat(500)])).toBe(`; last lines: ${'y'.repeat(157)}...`);
  expect(lastLinesText([])).toBe('');
});

test('durations read as people write them', () => {
  expect(formatDuration(1500)).toBe('1.5s');
  expect(formatDuration(95_000)).toBe('1m35s');
  expect(formatDuration(600_000)).toBe('10m');
  expect(formatDuration(5_400_000)).toBe('1h30m');
});
