import type { Task } from '@aws-sdk/client-ecs';
import { containerLines, describeStoppedTask, stopCause } from '../../../src/ecs/task-report.js';

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
  expect(
    containerLines({ containers: [{ name: 'web', lastStatus: 'STOPPED', exitCode: 137, reason: 'OutOfMemoryError', image: 'shop:1' }] }),
  ).toEqual(['web: STOPPED, exit code 137, OutOfMemoryError (image shop:1)']);
});

describe('a null exit code means the exit is unknown (the container never ran or ECS lost it), not a failure', () => {
  it('is not picked as the failed container', () => {
    const task = {
      stopCode: 'EssentialContainerExited' as const,
      containers: [
        { name: 'envoy', exitCode: null as unknown as undefined },
        { name: 'web', exitCode: 1 },
      ],
    };
    expect(describeStoppedTask(task)).toBe('exited with code 1 (container web)');
  });

  it('is left out of an out-of-memory line rather than printed as "exit code null"', () => {
    const task = {
      stopCode: 'EssentialContainerExited' as const,
      containers: [
        { name: 'web', exitCode: null as unknown as undefined, reason: 'OutOfMemoryError: Container killed due to memory usage' },
      ],
    };
    expect(describeStoppedTask(task)).toBe('ran out of memory (container web): OutOfMemoryError: Container killed due to memory usage');
  });
});

describe('the short cause, counted across tasks', () => {
  const exited = (code: number): Task => ({
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [
      { name: 'sidecar', exitCode: 0 },
      { name: 'web', exitCode: code, image: 'repo/app:bad' },
    ],
  });

  it('names the exit code and the container', () => {
    expect(stopCause(exited(1))).toBe('exited with code 1 (container web)');
  });

  it('names the image that could not be pulled', () => {
    const task: Task = {
      stopCode: 'TaskFailedToStart',
      stoppedReason:
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref repo/app:nope: not found',
      containers: [{ name: 'web', image: 'repo/app:nope', reason: 'CannotPullContainerError: ...' }],
    };
    expect(stopCause(task)).toBe('could not pull image repo/app:nope (container web)');
  });

  it('says out of memory rather than exit code 137, and failed health checks', () => {
    expect(
      stopCause({ containers: [{ name: 'web', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }] }),
    ).toBe('ran out of memory (container web)');
    expect(stopCause({ stoppedReason: 'Task failed container health checks', containers: [{ name: 'web' }] })).toBe(
      'failed health checks (container web)',
    );
  });

  it('says what stopped a task whose containers have no exit code, naming the one with a reason', () => {
    const task: Task = {
      stopCode: 'TaskFailedToStart',
      containers: [
        { name: 'envoy', exitCode: null as unknown as undefined },
        { name: 'web', exitCode: null as unknown as undefined, reason: 'ResourceInitializationError: unable to pull secrets' },
      ],
    };
    expect(stopCause(task)).toBe('failed to start (container web): ResourceInitializationError: unable to pull secrets');
  });
});
