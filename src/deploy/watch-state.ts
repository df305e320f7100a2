import type { Deployment, DeploymentCircuitBreaker, Service, Task, ThresholdConfiguration } from '@aws-sdk/client-ecs';
import { revLabel } from './names.js';

/**
 * The deployment watcher's state machine, free of I/O: each DescribeServices answer goes in,
 * lines to print and, once the outcome is known, a verdict come out. The loop that polls is in
 * watch.ts.
 */

export interface WatchState {
  service: string;
  deploymentId: string;
  taskDefinitionArn: string;
  /** 'rollout': follow the deployment to COMPLETED; 'steady': no new deployment, wait for counts. */
  mode: 'rollout' | 'steady';
  /** The desired count this deploy asked for: not steady before ECS shows it once (its reads lag). */
  requestedCount?: number;
  requestedCountSeen: boolean;
  seenEvents: Set<string>;
  lastProgress?: string;
  /** Failed tasks of the new revision seen so far (by ARN), for "tasks keep stopping". */
  failedTasks: Map<string, Task>;
  /** Stopped tasks already described, so each is described once. */
  checkedTasks: Set<string>;
  /** How many failed tasks end the wait when no circuit breaker will (ECS's own threshold rule). */
  failedTaskLimit: number;
  /** The circuit breaker rolls back on its own: then it decides, not failedTaskLimit. */
  circuitBreaker: { enable: boolean; rollback: boolean };
  /** resetOnHealthyTask (default true): a task reaching a healthy state clears failedTasks. */
  resetOnHealthyTask: boolean;
  /** ECS's own count of the deployment's consecutive failed tasks, last seen. */
  ecsFailedTasks: number;
  /** Answers so far that did not list our deployment before it was ever listed (read lag). */
  unseenAnswers: number;
  seen: boolean;
}

export type Failure =
  | { kind: 'rolled-back'; to?: string; reason?: string }
  | { kind: 'failed'; reason?: string }
  | { kind: 'tasks-stopping'; count: number }
  | { kind: 'replaced'; by?: string; byTaskDefinition?: string }
  | { kind: 'missing'; reason: string }
  | { kind: 'timeout'; progress?: string }
  | { kind: 'error'; message: string };

export type Verdict = { ok: true; how: 'completed' | 'steady' } | { ok: false; failure: Failure };

export interface Observation {
  lines: string[];
  verdict?: Verdict;
}

export function newWatchState(options: {
  service: string;
  deploymentId: string;
  taskDefinitionArn: string;
  mode?: WatchState['mode'];
  desiredCount: number;
  requestedCount?: number;
  circuitBreaker?: Partial<DeploymentCircuitBreaker>;
  /** Events already there before the deployment started: not printed. */
  priorEventIds?: Iterable<string>;
}): WatchState {
  return {
    service: options.service,
    deploymentId: options.deploymentId,
    taskDefinitionArn: options.taskDefinitionArn,
    mode: options.mode ?? 'rollout',
    requestedCount: options.requestedCount,
    requestedCountSeen: false,
    seenEvents: new Set(options.priorEventIds ?? []),
    failedTasks: new Map(),
    checkedTasks: new Set(),
    failedTaskLimit: circuitBreakerThreshold(options.desiredCount, options.circuitBreaker?.thresholdConfiguration),
    circuitBreaker: { enable: Boolean(options.circuitBreaker?.enable), rollback: Boolean(options.circuitBreaker?.rollback) },
    resetOnHealthyTask: options.circuitBreaker?.resetOnHealthyTask !== false,
    ecsFailedTasks: 0,
    unseenAnswers: 0,
    seen: false,
  };
}

/**
 * ECS reads are eventually consistent: DescribeServices may not list a deployment UpdateService
 * just started. Until ours has been listed once, this many answers without it are read as lag,
 * not as "replaced" (about 30 s at the default 3 s poll).
 */
const UNSEEN_GRACE_ANSWERS = 10;

/**
 * ECS's circuit breaker threshold (API_ThresholdConfiguration): by default BOUNDED_PERCENT 50,
 * that is half the desired count, at least 3, at most 200; UNBOUNDED_PERCENT the share without
 * the bounds; COUNT the value itself. A fraction of a task counts as one; at least 1 failure.
 */
export function circuitBreakerThreshold(desiredCount: number, config?: Partial<ThresholdConfiguration>): number {
  const type = config?.type ?? 'BOUNDED_PERCENT';
  const value = config?.value ?? 50;
  if (type === 'COUNT') return Math.max(1, value);
  const share = Math.ceil((value * desiredCount) / 100);
  return type === 'UNBOUNDED_PERCENT' ? Math.max(1, share) : Math.min(200, Math.max(3, share));
}

/** "api: 3/4 running, 1 pending, rev 42; rev 41 draining 2". */
export function progressLine(state: Pick<WatchState, 'service' | 'deploymentId'>, service: Service): string {
  const deployments = service.deployments ?? [];
  const ours = deployments.find((d) => d.id === state.deploymentId);
  const parts: string[] = [];
  if (ours) parts.push(countsOf(ours));
  for (const other of deployments) {
    if (other === ours) continue;
    const active = (other.runningCount ?? 0) + (other.pendingCount ?? 0);
    if (other.status === 'PRIMARY') parts.push(`now primary: ${countsOf(other)}`);
    else if (active > 0) parts.push(`${revLabel(other.taskDefinition)} draining ${active}`);
  }
  return `${state.service}: ${parts.join('; ') || 'no deployments'}`;
}

function countsOf(d: Deployment): string {
  const bits = [`${d.runningCount ?? 0}/${d.desiredCount ?? 0} running`];
  if (d.pendingCount) bits.push(`${d.pendingCount} pending`);
  if (d.failedTasks) bits.push(`${d.failedTasks} failed`);
  bits.push(revLabel(d.taskDefinition));
  return bits.join(', ');
}

/**
 * Feeds one DescribeServices answer (undefined: the service is gone, `missingReason` says how,
 * worded to follow "service": "not found in cluster prod").
 */
export function observe(state: WatchState, service: Service | undefined, missingReason = 'not found'): Observation {
  if (!service) return { lines: [], verdict: { ok: false, failure: { kind: 'missing', reason: missingReason } } };
  const lines = newEvents(state, service).map((message) => `${state.service}: ${message}`);
  if (service.status && service.status !== 'ACTIVE') {
    return { lines, verdict: { ok: false, failure: { kind: 'missing', reason: `is ${service.status} (deleted or being deleted)` } } };
  }
  const progress = progressLine(state, service);
  if (progress !== state.lastProgress) {
    lines.push(progress);
    state.lastProgress = progress;
  }
  return { lines, verdict: judge(state, service) };
}

function judge(state: WatchState, service: Service): Verdict | undefined {
  const deployments = service.deployments ?? [];
  const ours = deployments.find((d) => d.id === state.deploymentId);
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const rolledBack = (reason?: string): Verdict => ({
    ok: false,
    failure: { kind: 'rolled-back', to: primary?.taskDefinition, reason },
  });
  if (ours) {
    state.seen = true;
    noteEcsFailedCount(state, ours);
  } else if (!state.seen && ++state.unseenAnswers <= UNSEEN_GRACE_ANSWERS) return undefined;
  if (!ours) {
    if (state.circuitBreaker.rollback && primary && primary.taskDefinition !== state.taskDefinitionArn && isRollbackEvent(service)) {
      return rolledBack();
    }
    return { ok: false, failure: { kind: 'replaced', by: primary?.id, byTaskDefinition: primary?.taskDefinition } };
  }
  if (ours.rolloutState === 'FAILED') {
    if (primary && primary.id !== ours.id && state.circuitBreaker.rollback) return rolledBack(ours.rolloutStateReason);
    return { ok: false, failure: { kind: 'failed', reason: ours.rolloutStateReason } };
  }
  if (ours.status !== 'PRIMARY') {
    return { ok: false, failure: { kind: 'replaced', by: primary?.id, byTaskDefinition: primary?.taskDefinition } };
  }
  if (state.mode === 'rollout' && ours.rolloutState === 'COMPLETED') return { ok: true, how: 'completed' };
  // Without rolloutState (or with no new deployment): done when only this deployment is left, at its count.
  if ((state.mode === 'steady' || !ours.rolloutState) && isSteady(state, ours, service)) return { ok: true, how: 'steady' };
  return undefined;
}

/**
 * Only this deployment left, running the service's desired count. The service's count is the
 * target: right after UpdateService the deployment may still show the count it had before, and
 * a lagging answer the service's count from before: a requested count must show first.
 */
function isSteady(state: WatchState, ours: Deployment, service: Service): boolean {
  const target = service.desiredCount ?? ours.desiredCount ?? 0;
  // Once shown, the service's count is the target again (an auto scaler may change it meanwhile).
  if (service.desiredCount === state.requestedCount) state.requestedCountSeen = true;
  if (state.requestedCount !== undefined && !state.requestedCountSeen) return false;
  return (
    (service.deployments ?? []).length === 1 &&
    (ours.desiredCount ?? target) === target &&
    (ours.runningCount ?? 0) === target &&
    !ours.pendingCount
  );
}

/**
 * ECS resets a deployment's failedTasks to 0 once a task of it reached a healthy state: with
 * resetOnHealthyTask (the default), the watcher's own count of failed tasks starts over too.
 */
function noteEcsFailedCount(state: WatchState, ours: Deployment): void {
  const count = ours.failedTasks ?? 0;
  if (count < state.ecsFailedTasks && state.resetOnHealthyTask) state.failedTasks.clear();
  state.ecsFailedTasks = count;
}

function isRollbackEvent(service: Service): boolean {
  return (service.events ?? []).some((e) => /rolling back|rolled back|circuit breaker/i.test(e.message ?? ''));
}

/** Events not printed yet, oldest first (DescribeServices lists the newest first). */
function newEvents(state: WatchState, service: Service): string[] {
  const fresh = (service.events ?? []).filter((e) => e.id && !state.seenEvents.has(e.id));
  for (const e of fresh) state.seenEvents.add(e.id!);
  return fresh.reverse().map((e) => e.message ?? '');
}

/**
 * A stopped task counts as failed unless ECS or a person stopped it on purpose (scale-in, the
 * deployment replacing it, StopTask); a scheduler stop for failed health checks is a failure.
 */
export function isFailedTask(task: Task): boolean {
  if (task.stopCode === 'UserInitiated') return false;
  if (task.stopCode === 'ServiceSchedulerInitiated') return /health/i.test(task.stoppedReason ?? '');
  return true;
}

/** Adds the stopped tasks of the new revision; returns a verdict once they are too many. */
export function noteStoppedTasks(state: WatchState, tasks: Task[]): Verdict | undefined {
  for (const task of tasks) {
    if (task.taskDefinitionArn === state.taskDefinitionArn && task.taskArn && isFailedTask(task)) {
      state.failedTasks.set(task.taskArn, task);
    }
  }
  if (state.circuitBreaker.enable) return undefined; // the circuit breaker decides, and says so
  const count = state.failedTasks.size;
  return count >= state.failedTaskLimit ? { ok: false, failure: { kind: 'tasks-stopping', count } } : undefined;
}
