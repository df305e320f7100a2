import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Service } from '@aws-sdk/client-ecs';
import { failureLine } from '../../../src/deploy/message.js';
import {
  circuitBreakerThreshold,
  newWatchState,
  noteStoppedTasks,
  observe,
  progressLine,
  type Failure,
} from '../../../src/deploy/watch-state.js';

const TD = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/api:${rev}`;

function service(deployments: Array<Record<string, any>>, events: Array<[string, string]> = []): Service {
  return {
    status: 'ACTIVE',
    deployments: deployments as any,
    events: events.map(([id, message]) => ({ id, message })),
  };
}

const primary = (counts: Record<string, any>) => ({
  id: 'ecs-svc/new',
  status: 'PRIMARY',
  taskDefinition: TD(43),
  desiredCount: 4,
  ...counts,
});
const old = (counts: Record<string, any>) => ({ id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: TD(42), desiredCount: 4, ...counts });

const state = (options: Partial<Parameters<typeof newWatchState>[0]> = {}) =>
  newWatchState({ service: 'api', deploymentId: 'ecs-svc/new', taskDefinitionArn: TD(43), desiredCount: 4, ...options });

describe('deployment watcher state machine', () => {
  it('prints a progress line only when the counts change', () => {
    const s = state();
    const first = observe(
      s,
      service([primary({ runningCount: 3, pendingCount: 1, rolloutState: 'IN_PROGRESS' }), old({ runningCount: 2 })]),
    );
    expect(first.lines).toEqual(['api: 3/4 running, 1 pending, rev 43; rev 42 draining 2']);
    expect(first.verdict).toBeUndefined();
    const same = observe(
      s,
      service([primary({ runningCount: 3, pendingCount: 1, rolloutState: 'IN_PROGRESS' }), old({ runningCount: 2 })]),
    );
    expect(same.lines).toEqual([]);
  });

  it('prints each new service event once, oldest first, and skips events from before the deploy', () => {
    const s = state({ priorEventIds: ['e0'] });
    const d = [primary({ runningCount: 0, rolloutState: 'IN_PROGRESS' })];
    const a = observe(
      s,
      service(d, [
        ['e2', 'second'],
        ['e1', 'first'],
        ['e0', 'old news'],
      ]),
    );
    expect(a.lines.slice(0, 2)).toEqual(['api: first', 'api: second']);
    const b = observe(
      s,
      service(d, [
        ['e3', 'third'],
        ['e2', 'second'],
        ['e1', 'first'],
      ]),
    );
    expect(b.lines).toEqual(['api: third']);
  });

  it('waits while a new deployment is not yet visible (DescribeServices lags UpdateService), then calls it replaced', () => {
    const s = state();
    const before = service([old({ status: 'PRIMARY', runningCount: 4, rolloutState: 'COMPLETED' })]);
    for (let poll = 0; poll < 5; poll++) expect(observe(s, before).verdict).toBeUndefined();
    const seen = observe(s, service([primary({ runningCount: 4, rolloutState: 'COMPLETED' })]));
    expect(seen.verdict).toEqual({ ok: true, how: 'completed' });
    const never = state();
    const verdicts = Array.from({ length: 30 }, () => observe(never, before).verdict);
    expect(verdicts.find(Boolean)).toEqual({ ok: false, failure: { kind: 'replaced', by: 'ecs-svc/old', byTaskDefinition: TD(42) } });
  });

  it('calls a deployment replaced at once when it was seen and then left the list', () => {
    const s = state();
    observe(s, service([primary({ runningCount: 1, rolloutState: 'IN_PROGRESS' }), old({ runningCount: 3 })]));
    const gone = observe(s, service([old({ status: 'PRIMARY', id: 'ecs-svc/other', runningCount: 4 })]));
    expect(gone.verdict).toMatchObject({ ok: false, failure: { kind: 'replaced' } });
  });

  it('succeeds as soon as the deployment is COMPLETED, even while the old one drains', () => {
    const v = observe(state(), service([primary({ runningCount: 4, rolloutState: 'COMPLETED' }), old({ runningCount: 1 })])).verdict;
    expect(v).toEqual({ ok: true, how: 'completed' });
  });

  it('without rolloutState, succeeds at a steady state only', () => {
    const s = state();
    expect(observe(s, service([primary({ runningCount: 4 }), old({ runningCount: 1 })])).verdict).toBeUndefined();
    expect(observe(s, service([primary({ runningCount: 4 })])).verdict).toEqual({ ok: true, how: 'steady' });
  });

  it("without a new deployment (desired count only), waits for the service's new count, not the deployment's stale one", () => {
    const s = state({ mode: 'steady', desiredCount: 3 });
    const scaling = (counts: Record<string, any>) => ({ ...service([primary({ rolloutState: 'COMPLETED', ...counts })]), desiredCount: 3 });
    expect(observe(s, scaling({ desiredCount: 1, runningCount: 1 })).verdict).toBeUndefined();
    expect(observe(s, scaling({ desiredCount: 3, runningCount: 1, pendingCount: 2 })).verdict).toBeUndefined();
    expect(observe(s, scaling({ desiredCount: 3, runningCount: 3 })).verdict).toEqual({ ok: true, how: 'steady' });
  });

  it('with a requested desired count, a lagging answer still showing the old count is not steady', () => {
    const s = state({ mode: 'steady', desiredCount: 1, requestedCount: 3 });
    const answer = (desiredCount: number, runningCount: number) => ({
      ...service([primary({ rolloutState: 'COMPLETED', desiredCount, runningCount })]),
      desiredCount,
    });
    // Read lag: DescribeServices answers the service as it was before UpdateService.
    expect(observe(s, answer(1, 1)).verdict).toBeUndefined();
    expect(observe(s, answer(3, 1)).verdict).toBeUndefined();
    expect(observe(s, answer(3, 3)).verdict).toEqual({ ok: true, how: 'steady' });
  });

  it('recognises a circuit breaker rollback', () => {
    const s = state({ circuitBreaker: { enable: true, rollback: true } });
    const v = observe(
      s,
      service([
        {
          id: 'ecs-svc/rollback',
          status: 'PRIMARY',
          taskDefinition: TD(42),
          desiredCount: 4,
          runningCount: 1,
          rolloutState: 'IN_PROGRESS',
        },
        {
          ...old({}),
          id: 'ecs-svc/new',
          taskDefinition: TD(43),
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        },
      ]),
    ).verdict;
    expect(v).toEqual({
      ok: false,
      failure: { kind: 'rolled-back', to: TD(42), reason: 'ECS deployment circuit breaker: tasks failed to start.' },
    });
  });

  it('fails at once when the deployment FAILED without rollback', () => {
    const v = observe(state(), service([primary({ rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' })])).verdict;
    expect(v).toEqual({ ok: false, failure: { kind: 'failed', reason: 'tasks failed to start' } });
  });

  it('fails when another deployment replaced ours', () => {
    const v = observe(
      state(),
      service([
        { id: 'ecs-svc/other', status: 'PRIMARY', taskDefinition: TD(44), desiredCount: 4, rolloutState: 'IN_PROGRESS' },
        old({ id: 'ecs-svc/new', taskDefinition: TD(43), rolloutState: 'IN_PROGRESS' }),
      ]),
    ).verdict;
    expect(v).toEqual({ ok: false, failure: { kind: 'replaced', by: 'ecs-svc/other', byTaskDefinition: TD(44) } });
  });

  it('fails when the service is missing or deleted', () => {
    expect(observe(state(), undefined, 'not found in cluster prod').verdict).toEqual({
      ok: false,
      failure: { kind: 'missing', reason: 'not found in cluster prod' },
    });
    const deleted = observe(state(), { status: 'DRAINING' }).verdict;
    expect(deleted).toEqual({ ok: false, failure: { kind: 'missing', reason: 'is DRAINING (deleted or being deleted)' } });
    const failure = (deleted as { failure: Failure }).failure;
    expect(failureLine({ service: 'api', taskDefinitionArn: TD(43), failure })).toBe('api: service is DRAINING (deleted or being deleted)');
  });

  it('counts failed tasks of the new revision only, and only without a circuit breaker', () => {
    const s = state();
    const failed = (arn: string, taskDefinitionArn = TD(43)) => ({
      taskArn: arn,
      taskDefinitionArn,
      stopCode: 'EssentialContainerExited' as const,
      containers: [{ name: 'web', exitCode: 1 }],
    });
    const scaledIn = {
      taskArn: 'x',
      taskDefinitionArn: TD(43),
      stopCode: 'ServiceSchedulerInitiated' as const,
      stoppedReason: 'Scaling activity initiated by deployment',
    };
    expect(noteStoppedTasks(s, [failed('a'), failed('b', TD(42)), scaledIn])).toBeUndefined();
    expect(noteStoppedTasks(s, [failed('a'), failed('c')])).toBeUndefined();
    expect(noteStoppedTasks(s, [failed('d')])).toEqual({ ok: false, failure: { kind: 'tasks-stopping', count: 3 } });

    const withBreaker = state({ circuitBreaker: { enable: true, rollback: true } });
    expect(noteStoppedTasks(withBreaker, [failed('a'), failed('c'), failed('d'), failed('e')])).toBeUndefined();
  });

  it('uses ECS circuit breaker thresholds', () => {
    expect(circuitBreakerThreshold(1)).toBe(3);
    expect(circuitBreakerThreshold(20)).toBe(10);
    expect(circuitBreakerThreshold(1000)).toBe(200);
  });

  it("starts its failed-task count over when ECS resets the deployment's (a task reached a healthy state)", () => {
    const failed = (arn: string) => ({ taskArn: arn, taskDefinitionArn: TD(43), stopCode: 'EssentialContainerExited' as const });
    const rolling = (failedTasks: number) =>
      service([primary({ runningCount: 1, rolloutState: 'IN_PROGRESS', failedTasks }), old({ runningCount: 3 })]);
    const s = state();
    observe(s, rolling(2));
    expect(noteStoppedTasks(s, [failed('a'), failed('b')])).toBeUndefined();
    observe(s, rolling(0));
    expect(noteStoppedTasks(s, [failed('c'), failed('d')])).toBeUndefined();
    expect(noteStoppedTasks(s, [failed('e')])).toEqual({ ok: false, failure: { kind: 'tasks-stopping', count: 3 } });

    const noReset = state({ circuitBreaker: { enable: false, resetOnHealthyTask: false } });
    observe(noReset, rolling(2));
    noteStoppedTasks(noReset, [failed('a'), failed('b')]);
    observe(noReset, rolling(0));
    expect(noteStoppedTasks(noReset, [failed('c')])).toEqual({ ok: false, failure: { kind: 'tasks-stopping', count: 3 } });
  });
});

/**
 * The watcher's own failed-task limit against the documentation, not the simulator: the table in
 * test/aws-sim/fixtures/aws-reference/tables (API_ServiceDeploymentCircuitBreaker) for the default,
 * and API_ThresholdConfiguration's words for the types: "For COUNT, Amazon ECS uses value directly
 * as the threshold"; for the percentage types "Amazon ECS multiplies value by the latest service
 * desired count"; BOUNDED_PERCENT keeps the 3..200 bounds, UNBOUNDED_PERCENT does not.
 */
describe('circuit breaker threshold configuration (documented rule)', () => {
  const table = JSON.parse(
    readFileSync(
      join(dirname(fileURLToPath(import.meta.url)), '../../aws-sim/fixtures/aws-reference/tables/circuit-breaker-threshold.json'),
      'utf8',
    ),
  ) as { rows: Array<{ desiredCount: number; threshold: number }> };

  it('the default, and BOUNDED_PERCENT 50 stated, match the documented table', () => {
    for (const config of [undefined, { type: 'BOUNDED_PERCENT' as const, value: 50 }]) {
      expect(table.rows.map((row) => ({ ...row, threshold: circuitBreakerThreshold(row.desiredCount, config) }))).toEqual(table.rows);
    }
  });

  it('COUNT is the value itself, whatever the desired count', () => {
    for (const desiredCount of [1, 10, 1000]) expect(circuitBreakerThreshold(desiredCount, { type: 'COUNT', value: 7 })).toBe(7);
    expect(circuitBreakerThreshold(1000, { type: 'COUNT', value: 500 })).toBe(500);
  });

  it('UNBOUNDED_PERCENT multiplies the value by the desired count, without the 3..200 bounds', () => {
    expect(circuitBreakerThreshold(10, { type: 'UNBOUNDED_PERCENT', value: 20 })).toBe(2);
    expect(circuitBreakerThreshold(1000, { type: 'UNBOUNDED_PERCENT', value: 50 })).toBe(500);
    expect(circuitBreakerThreshold(10, { type: 'BOUNDED_PERCENT', value: 20 })).toBe(3);
    expect(circuitBreakerThreshold(1000, { type: 'BOUNDED_PERCENT', value: 50 })).toBe(200);
  });

  it('the watcher stops at the configured threshold', () => {
    const s = state({ desiredCount: 10, circuitBreaker: { enable: false, thresholdConfiguration: { type: 'COUNT', value: 1 } } });
    const failed = { taskArn: 'a', taskDefinitionArn: TD(43), stopCode: 'EssentialContainerExited' as const };
    expect(noteStoppedTasks(s, [failed])).toEqual({ ok: false, failure: { kind: 'tasks-stopping', count: 1 } });
  });
});

describe('progressLine after a rollback', () => {
  it('names the revision that is primary again once ours is gone', () => {
    const line = progressLine(
      { service: 'api', deploymentId: 'ecs-svc/2' },
      {
        deployments: [
          {
            id: 'ecs-svc/1',
            status: 'PRIMARY',
            taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1',
            desiredCount: 2,
            runningCount: 2,
          },
        ],
      },
    );
    expect(line).toBe('api: now primary: 2/2 running, rev 1');
  });
});
