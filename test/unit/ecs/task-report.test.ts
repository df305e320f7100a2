import { containerLines, describeStoppedTask } from '../../../src/ecs/task-report.js';

test('a crashed container: its exit code, the first failing container by default', () => {
  const task = {
    stopCode: 'EssentialContainerExited' as const,
    containers: [
      { name: 'envoy', exitCode: 0 },
      { name: 'web', exitCode: 1, reason: undefined },
    ],
  };
  expect(describeStoppedTask(task)).toBe('exited with code 1 (container web)');
  expect(describeStoppedTask(task, 'envoy')).toBe('exited with code 0 (container envoy)');
});

test('a task stopped by a user says so', () => {
  const task = { stopCode: 'UserInitiated' as const, stoppedReason: 'Scaling down', containers: [{ name: 'web' }] };
  expect(describeStoppedTask(task)).toBe('stopped (UserInitiated): Scaling down (container web)');
});

test('one line per container for detail groups', () => {
  expect(containerLines({ containers: [{ name: 'web', lastStatus: 'STOPPED', exitCode: 137, reason: 'OutOfMemoryError', image: 'shop:1' }] })).toEqual([
    'web: STOPPED, exit code 137, OutOfMemoryError (image shop:1)',
  ]);
});
