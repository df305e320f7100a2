import { deployService } from '../../../src/deploy/deploy-service.js';
import type { DeployOptions, ServiceTarget } from '../../../src/deploy/types.js';
import { memoryLogger } from '../../../src/logger.js';
import { awsError, fakeClient as fakeEcs } from '../fake-aws.js';

const TD = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/api:${rev}`;
const running = {
  family: 'api',
  taskDefinitionArn: TD(42),
  revision: 42,
  status: 'ACTIVE',
  containerDefinitions: [{ name: 'web', image: 'repo/app:1', essential: true, cpu: 0, mountPoints: [] }],
};
const fileTarget = (image: string): ServiceTarget => ({
  service: 'api',
  source: { kind: 'file', path: 'api.json', document: { family: 'api', containerDefinitions: [{ name: 'web', image }] } as any },
});

const options = (overrides: Partial<DeployOptions> = {}): DeployOptions & { deadline: number } => ({
  cluster: 'prod',
  targets: [],
  forceNewDeployment: false,
  wait: true,
  timeoutMs: 60_000,
  pollIntervalMs: 1000,
  rollbackOnFailure: false,
  deadline: Date.now() + 60_000,
  ...overrides,
});

/** An ECS whose service moves through `states` (one per DescribeServices after the update). */
function ecsWith(states: Array<(id: string) => any>, extra: Record<string, (input: any) => unknown> = {}) {
  let described = 0;
  let registered = 42;
  let deploymentId = 'ecs-svc/old';
  let taskDefinition = TD(42);
  const base = () => ({ serviceName: 'api', status: 'ACTIVE', desiredCount: 2, taskDefinition, events: [] });
  return fakeEcs({
    DescribeServices: () => {
      if (deploymentId === 'ecs-svc/old') {
        return {
          services: [
            {
              ...base(),
              deployments: [
                {
                  id: 'ecs-svc/old',
                  status: 'PRIMARY',
                  taskDefinition: TD(42),
                  desiredCount: 2,
                  runningCount: 2,
                  rolloutState: 'COMPLETED',
                },
              ],
            },
          ],
        };
      }
      const state = states[Math.min(described++, states.length - 1)];
      const value = state(deploymentId);
      if (value instanceof Error) throw value;
      return { services: [{ ...base(), ...value }] };
    },
    DescribeTaskDefinition: (input) => ({
      taskDefinition: input.taskDefinition === TD(42) ? running : { ...running, taskDefinitionArn: input.taskDefinition },
    }),
    RegisterTaskDefinition: (input) => ({ taskDefinition: { ...input, taskDefinitionArn: TD(++registered) } }),
    UpdateService: (input) => {
      deploymentId = `ecs-svc/${input.taskDefinition.split(':').pop()}`;
      taskDefinition = input.taskDefinition;
      return {
        service: {
          ...base(),
          deployments: [
            {
              id: deploymentId,
              status: 'PRIMARY',
              taskDefinition: input.taskDefinition,
              desiredCount: 2,
              runningCount: 0,
              rolloutState: 'IN_PROGRESS',
            },
            { id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: TD(42), desiredCount: 2, runningCount: 2 },
          ],
        },
      };
    },
    ListTasks: () => ({ taskArns: [] }),
    ...extra,
  });
}

const deps = (ecs: any) => ({
  ecs,
  logs: () => ({ send: async () => ({ events: [] }) }) as any,
  logger: memoryLogger(),
  region: 'us-east-1',
  sleep: async () => undefined,
});

const completed = (id: string) => ({
  deployments: [{ id, status: 'PRIMARY', taskDefinition: TD(43), desiredCount: 2, runningCount: 2, rolloutState: 'COMPLETED' }],
});

describe('deployService', () => {
  it('does not register or update when the rendered file equals the running revision', async () => {
    const ecs = ecsWith([]);
    const d = deps(ecs);
    const result = await deployService(fileTarget('repo/app:1'), options(), d);
    expect(result).toMatchObject({ result: 'unchanged', registered: false, taskDefinitionArn: TD(42), deploymentId: 'ecs-svc/old' });
    expect(ecs.names()).not.toContain('RegisterTaskDefinition');
    expect(ecs.names()).not.toContain('UpdateService');
    expect(d.logger.lines.join('\n')).toMatch(/identical to the running api:42: reusing it/);
  });

  it('registers a changed definition and sends only the fields the user set', async () => {
    const ecs = ecsWith([completed]);
    const result = await deployService(fileTarget('repo/app:2'), options(), deps(ecs));
    expect(result).toMatchObject({ result: 'succeeded', registered: true, taskDefinitionArn: TD(43), previousTaskDefinitionArn: TD(42) });
    expect(result.imageChanges).toEqual(['web: repo/app:1 -> repo/app:2']);
    const update = ecs.calls.find((c: any) => c.operation === 'UpdateService')!.input;
    expect(update).toEqual({ cluster: 'prod', service: 'api', taskDefinition: TD(43) });
  });

  it('keeps waiting through throttling and server errors', async () => {
    const ecs = ecsWith([
      () => awsError('ThrottlingException', 'Rate exceeded'),
      () => awsError('ServiceUnavailableException', 'down', 503),
      completed,
    ]);
    const result = await deployService(fileTarget('repo/app:2'), options(), deps(ecs));
    expect(result.result).toBe('succeeded');
  });

  it('fails at once on an error waiting cannot fix', async () => {
    const ecs = ecsWith([() => awsError('AccessDeniedException', 'User is not authorized to perform ecs:DescribeServices'), completed]);
    const result = await deployService(fileTarget('repo/app:2'), options(), deps(ecs));
    expect(result.result).toBe('failed');
    expect(result.cause).toBe('api: AccessDeniedException: User is not authorized to perform ecs:DescribeServices');
    // The first look, the look again before changing anything (reads lag writes), the watch.
    expect(ecs.names().filter((n: string) => n === 'DescribeServices')).toHaveLength(3);
  });

  it('a service created a moment ago that still reads MISSING is found on a second look', async () => {
    let looks = 0;
    const ecs = fakeEcs({
      DescribeServices: () =>
        looks++ === 0
          ? { services: [], failures: [{ arn: 'x', reason: 'MISSING' }] }
          : {
              services: [
                {
                  serviceName: 'api',
                  status: 'ACTIVE',
                  desiredCount: 2,
                  taskDefinition: TD(42),
                  events: [],
                  deployments: [
                    {
                      id: 'ecs-svc/42',
                      status: 'PRIMARY',
                      taskDefinition: TD(42),
                      desiredCount: 2,
                      runningCount: 2,
                      rolloutState: 'COMPLETED',
                    },
                  ],
                },
              ],
            },
      DescribeTaskDefinition: () => ({ taskDefinition: running }),
    });
    const result = await deployService(fileTarget('repo/app:1'), options(), deps(ecs));
    expect(result).toMatchObject({ result: 'unchanged', taskDefinitionArn: TD(42) });
  });

  it('looks again before changing anything: a deploy of the same file a moment ago shows once reads settle', async () => {
    let settled = false;
    const deployment = (rolloutState: string) => ({
      id: 'ecs-svc/43',
      status: 'PRIMARY',
      taskDefinition: TD(43),
      desiredCount: 2,
      runningCount: 2,
      rolloutState,
    });
    let watched = 0;
    const ecs = fakeEcs({
      // Before the reads settle: the service and the family as they were before the other deploy.
      DescribeServices: () => ({
        services: [
          settled
            ? {
                serviceName: 'api',
                status: 'ACTIVE',
                desiredCount: 2,
                taskDefinition: TD(43),
                events: [],
                deployments: [deployment(watched++ ? 'COMPLETED' : 'IN_PROGRESS')],
              }
            : {
                serviceName: 'api',
                status: 'ACTIVE',
                desiredCount: 2,
                taskDefinition: TD(42),
                events: [],
                deployments: [{ ...deployment('COMPLETED'), id: 'ecs-svc/42', taskDefinition: TD(42) }],
              },
        ],
      }),
      DescribeTaskDefinition: (input) => ({
        taskDefinition:
          input.taskDefinition === TD(43) || (input.taskDefinition === 'api' && settled)
            ? {
                ...running,
                taskDefinitionArn: TD(43),
                revision: 43,
                containerDefinitions: [{ ...running.containerDefinitions[0], image: 'repo/app:2' }],
              }
            : running,
      }),
      ListTasks: () => ({ taskArns: [] }),
    });
    const slept: number[] = [];
    const sleep = async (ms: number) => void (slept.push(ms), (settled = true));
    const result = await deployService(fileTarget('repo/app:2'), options(), { ...deps(ecs), sleep });
    expect(result).toMatchObject({ result: 'unchanged', registered: false, taskDefinitionArn: TD(43) });
    expect(ecs.names().filter((n) => !/^(Describe|List|Get)/.test(n))).toEqual([]);
    expect(slept.length).toBeGreaterThan(0);
  });

  it('fails fast for a missing service, before registering anything', async () => {
    const ecs = fakeEcs({ DescribeServices: () => ({ services: [], failures: [{ arn: 'x', reason: 'MISSING' }] }) });
    const result = await deployService(fileTarget('repo/app:2'), options(), deps(ecs));
    expect(result.cause).toBe('api: service not found in cluster prod');
    // A second look, once reads had time to settle (a service created a moment ago reads MISSING).
    expect(ecs.names()).toEqual(['DescribeServices', 'DescribeServices']);
  });

  it('rolls back to the previous revision when asked and the circuit breaker did not', async () => {
    const failedState = (id: string) => ({
      deployments: [
        {
          id,
          status: 'PRIMARY',
          taskDefinition: TD(43),
          desiredCount: 2,
          runningCount: 0,
          rolloutState: 'FAILED',
          rolloutStateReason: 'tasks failed to start',
        },
      ],
    });
    const ecs = ecsWith([failedState]);
    const result = await deployService(fileTarget('repo/app:2'), options({ rollbackOnFailure: true }), deps(ecs));
    expect(result.result).toBe('failed');
    expect(result.cause).toBe('api: rev 43 failed: tasks failed to start');
    expect(result.rollback).toMatch(/^rolled back to api:42/);
    const updates = ecs.calls.filter((c: any) => c.operation === 'UpdateService').map((c: any) => c.input.taskDefinition);
    expect(updates).toEqual([TD(43), TD(42)]);
  });

  it('times out with the last state', async () => {
    let clock = 0;
    const ecs = ecsWith([
      (id) => ({
        deployments: [
          { id, status: 'PRIMARY', taskDefinition: TD(43), desiredCount: 2, runningCount: 1, pendingCount: 1, rolloutState: 'IN_PROGRESS' },
        ],
      }),
    ]);
    const d = { ...deps(ecs), now: () => clock, sleep: async (ms: number) => void (clock += ms) };
    const result = await deployService(fileTarget('repo/app:2'), { ...options({ timeoutMs: 10_000 }), deadline: 10_000 }, d);
    expect(result.cause).toBe('api: rev 43 did not complete within 10s: 1/2 running, 1 pending, rev 43');
  });
});

describe('deployService when the service already runs the revision', () => {
  /** A service on TD(42) whose PRIMARY deployment is in `rolloutState`. */
  function ecsOn(rolloutState: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED', later: string = rolloutState) {
    let described = 0;
    const deployment = (state: string) => ({
      id: 'ecs-svc/42',
      status: 'PRIMARY',
      taskDefinition: TD(42),
      desiredCount: 2,
      runningCount: state === 'COMPLETED' ? 2 : 0,
      rolloutState: state,
      rolloutStateReason: state === 'FAILED' ? 'ECS deployment circuit breaker: tasks failed to start.' : undefined,
    });
    return fakeEcs({
      DescribeServices: () => ({
        services: [
          {
            serviceName: 'api',
            status: 'ACTIVE',
            desiredCount: 2,
            taskDefinition: TD(42),
            events: [],
            deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
            deployments: [deployment(described++ === 0 ? rolloutState : later)],
          },
        ],
      }),
      DescribeTaskDefinition: () => ({ taskDefinition: running }),
      ListTasks: () => ({ taskArns: [] }),
    });
  }
  const mutating = (ecs: ReturnType<typeof ecsOn>) => ecs.names().filter((n) => !/^(Describe|List|Get)/.test(n));

  test('COMPLETED: unchanged at once, nothing watched', async () => {
    const ecs = ecsOn('COMPLETED');
    const result = await deployService(fileTarget('repo/app:1'), options(), deps(ecs));
    expect(result).toMatchObject({ result: 'unchanged', deploymentId: 'ecs-svc/42' });
    expect(ecs.callsTo('DescribeServices')).toHaveLength(1);
    expect(mutating(ecs)).toEqual([]);
  });

  test('IN_PROGRESS: followed to COMPLETED, still unchanged', async () => {
    const ecs = ecsOn('IN_PROGRESS', 'COMPLETED');
    const result = await deployService(fileTarget('repo/app:1'), options(), deps(ecs));
    expect(result.result).toBe('unchanged');
    expect(mutating(ecs)).toEqual([]);
  });

  test('IN_PROGRESS with wait false: started, not a success', async () => {
    const result = await deployService(fileTarget('repo/app:1'), options({ wait: false }), deps(ecsOn('IN_PROGRESS')));
    expect(result.result).toBe('started');
  });

  test('FAILED: a failure with the cause, with or without wait', async () => {
    for (const wait of [true, false]) {
      const ecs = ecsOn('FAILED');
      const result = await deployService(fileTarget('repo/app:1'), options({ wait }), deps(ecs));
      expect(result).toMatchObject({
        result: 'failed',
        cause: 'api: rev 42 failed: ECS deployment circuit breaker: tasks failed to start.',
      });
      expect(mutating(ecs)).toEqual([]);
    }
  });
});
