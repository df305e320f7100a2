import type { Task } from '@aws-sdk/client-ecs';
import { failureLine, combinedFailure } from '../../../src/deploy/message.js';
import { summarizeTaskFailures } from '../../../src/deploy/task-failure.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:43';

const exited = (code: number, arn = 't1'): Task => ({
  taskArn: arn,
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  containers: [
    { name: 'sidecar', exitCode: 0 },
    { name: 'web', exitCode: code, image: 'repo/app:bad' },
  ],
});

// The wording of each cause is tested with it, in test/unit/ecs/task-report.test.ts.
describe('task failures counted', () => {
  it('counts tasks with the same cause, most common first', () => {
    expect(summarizeTaskFailures([exited(1, 'a'), exited(2, 'b'), exited(1, 'c'), exited(1, 'd')])).toBe(
      '3 tasks exited with code 1 (container web); 1 task exited with code 2 (container web)',
    );
    expect(summarizeTaskFailures([])).toBeUndefined();
  });
});

describe('failure line', () => {
  it('says the revision was rolled back by the circuit breaker and why', () => {
    expect(
      failureLine({
        service: 'api',
        taskDefinitionArn: ARN,
        failure: { kind: 'rolled-back', reason: 'ECS deployment circuit breaker: tasks failed to start.' },
        tasks: '3 tasks exited with code 1 (container web)',
      }),
    ).toBe('api: rev 43 rolled back by the circuit breaker: 3 tasks exited with code 1 (container web)');
  });

  it('falls back on the rollout reason when no task is known', () => {
    expect(failureLine({ service: 'api', taskDefinitionArn: ARN, failure: { kind: 'failed', reason: 'tasks failed to start' } })).toBe(
      'api: rev 43 failed: tasks failed to start',
    );
  });

  it('reports the state at a timeout', () => {
    expect(
      failureLine({
        service: 'api',
        taskDefinitionArn: ARN,
        failure: { kind: 'timeout', progress: 'api: 1/4 running, 3 pending, rev 43; rev 42 draining 3' },
        timeoutMs: 600_000,
      }),
    ).toBe('api: rev 43 did not complete within 10m: 1/4 running, 3 pending, rev 43; rev 42 draining 3');
  });

  it('names the deployment that replaced ours', () => {
    expect(
      failureLine({
        service: 'api',
        taskDefinitionArn: ARN,
        failure: { kind: 'replaced', byTaskDefinition: ARN.replace(':43', ':44') },
      }),
    ).toBe('api: rev 43 was replaced by another deployment (rev 44) before it completed');
  });

  it('combines several services into one line', () => {
    expect(combinedFailure(['api: x', 'worker: y'], 3)).toBe('2 of 3 services failed: api: x; worker: y');
    expect(combinedFailure(['api: x'], 1)).toBe('api: x');
  });
});
