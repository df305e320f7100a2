import { randomUUID } from 'node:crypto';
import type { World } from '../../world.js';
import { findAlarm } from '../cloudwatch/state.js';
import { isHealthy, stopTask } from './lifecycle.js';
import { HOOK_TIMEOUT_DEFAULT_MINUTES, isNative, planSteps, type Step } from './native-config.js';
import { timingsOf } from './scenarios.js';
import { addEvent, complete, kick, startTasks } from './scheduler.js';
import { ecsState, now, type DeploymentRecord, type ServiceDeploymentRecord, type ServiceRecord, type TaskRecord } from './state.js';
import { schedule } from './timers.js';

/**
 * The engine of ECS-native deployments (BLUE_GREEN, CANARY, LINEAR): a service deployment walks
 * the lifecycle stages of native-config.ts. The new (green) revision scales up beside the old
 * (blue) one, which keeps every task until CLEAN_UP; production traffic moves to green in the
 * strategy's steps with their bakes; PAUSE hooks hold a stage until ContinueServiceDeployment;
 * `deploymentConfiguration.alarms` are read from the CloudWatch simulator while the deployment
 * runs, and one in ALARM rolls back (ROLLBACK_REQUESTED -> ROLLBACK_IN_PROGRESS ->
 * ROLLBACK_SUCCESSFUL, traffic all on blue again). Minutes (bakes, hook timeouts) last
 * `timings.minuteMs` milliseconds.
 */

export interface HookRun {
  hookId: string;
  targetType: 'AWS_LAMBDA' | 'PAUSE';
  targetArn?: string;
  status: 'AWAITING_ACTION' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  /** Epoch seconds. */
  expiresAt: number;
  timeoutAction: 'CONTINUE' | 'ROLLBACK';
  step: number;
}

export interface Walk {
  serviceDeploymentArn: string;
  steps: Step[];
  index: number;
  /** The current step's work is done (its hooks may still run). */
  workDone: boolean;
  hooksStarted: boolean;
  waitEndsAt?: number;
  hookRuns: HookRun[];
  productionWeight: number;
  testWeight: number;
  phase: 'walking' | 'rolling-back' | 'stopped' | 'done';
  alarms: { enabled: boolean; rollback: boolean; names: string[]; triggered: string[]; status: string };
  greenId: string;
  blueId: string;
}

const walksOf = (world: World): Map<string, Walk> => world.stateOf('ecs.native.walks', () => new Map<string, Walk>());

export const walkOf = (world: World, serviceDeploymentArn: string): Walk | undefined => walksOf(world).get(serviceDeploymentArn);

const recordOf = (service: ServiceRecord, arn: string): ServiceDeploymentRecord | undefined =>
  service.serviceDeployments.find((sd) => sd.arn === arn);

const minutes = (world: World, count: number) => count * timingsOf(world).minuteMs;

/**
 * The scheduler's pass for a service whose deployment walks a native strategy. Returns false when
 * the rolling scheduler should act instead: no native deployment under way (a service's first
 * deployment has no blue revision to shift from, and runs as a rolling one).
 */
export function reconcileNative(world: World, service: ServiceRecord): boolean {
  const primary = service.deployments[0];
  if (!primary) return false;
  let walk = walkOf(world, primary.rollbackFor ?? primary.serviceDeploymentArn);
  if (!walk) {
    const record = recordOf(service, primary.serviceDeploymentArn);
    if (!record || record.status !== 'IN_PROGRESS' || !isNative(record.deploymentConfiguration) || service.deployments.length < 2) {
      return false;
    }
    walk = startWalk(world, service, record);
  }
  if (walk.phase === 'done') return false;
  if (walk.phase === 'stopped') return true;
  if (walk.phase === 'rolling-back') rollBackStep(world, service, walk);
  else walkStep(world, service, walk);
  return true;
}

function startWalk(world: World, service: ServiceRecord, record: ServiceDeploymentRecord): Walk {
  for (const other of walksOf(world).values())
    if (other.phase === 'walking' && recordOf(service, other.serviceDeploymentArn)) other.phase = 'done';
  const [green, ...olds] = service.deployments;
  const blue = olds.find((d) => d.rolloutState === 'COMPLETED') ?? olds[0];
  const alarms = record.deploymentConfiguration.alarms;
  const enabled = Boolean(alarms?.enable && alarms.alarmNames?.length);
  const walk: Walk = {
    serviceDeploymentArn: record.arn,
    steps: planSteps(record.deploymentConfiguration, olds.length),
    index: 0,
    workDone: false,
    hooksStarted: false,
    hookRuns: [],
    productionWeight: 0,
    testWeight: 0,
    phase: 'walking',
    alarms: {
      enabled,
      rollback: Boolean(alarms?.rollback),
      names: alarms?.alarmNames ?? [],
      triggered: [],
      status: enabled ? 'MONITORING' : 'DISABLED',
    },
    greenId: green.id,
    blueId: blue.id,
  };
  walksOf(world).set(record.arn, walk);
  tick(world, service, walk);
  enterStep(world, service, walk);
  return walk;
}

/** While a walk goes on, the scheduler looks again regularly: ECS evaluates alarms as they change. */
function tick(world: World, service: ServiceRecord, walk: Walk): void {
  schedule(world, timingsOf(world).schedulerMs * 2, () => {
    if (walk.phase !== 'walking') return;
    kick(world, service);
    tick(world, service, walk);
  });
}

const deploymentById = (service: ServiceRecord, id: string) => service.deployments.find((d) => d.id === id);
const liveTasks = (world: World, service: ServiceRecord, deploymentId: string): TaskRecord[] =>
  [...ecsState(world).tasks.values()].filter(
    (t) => t.serviceArn === service.arn && t.deploymentId === deploymentId && t.desiredStatus === 'RUNNING',
  );
const allStopped = (world: World, service: ServiceRecord, deploymentId: string) =>
  [...ecsState(world).tasks.values()]
    .filter((t) => t.serviceArn === service.arn && t.deploymentId === deploymentId)
    .every((t) => t.lastStatus === 'STOPPED');

function walkStep(world: World, service: ServiceRecord, walk: Walk): void {
  const green = deploymentById(service, walk.greenId);
  if (!green) return;
  const fired = firedAlarms(world, service, walk);
  if (fired.length) return alarmFired(world, service, walk, fired);
  // From SCALE_UP on, green keeps its desired count (a failed task is replaced).
  if (walk.index >= walk.steps.findIndex((s) => s.work.kind === 'scale-up')) keepCount(world, service, green);
  for (let guard = 0; guard < 100 && walk.phase === 'walking'; guard += 1) {
    if (!walk.workDone) walk.workDone = workDone(world, service, walk);
    if (!walk.workDone) return;
    const step = walk.steps[walk.index];
    if (step.hookStage && !walk.hooksStarted) startHooks(world, service, walk, step.hookStage);
    walk.hooksStarted = true;
    const hooks = walk.hookRuns.filter((h) => h.step === walk.index);
    const failed = hooks.find((h) => h.status === 'FAILED' || (h.status === 'TIMED_OUT' && h.timeoutAction === 'ROLLBACK'));
    if (failed)
      return startRollback(
        world,
        service,
        walk,
        `Service deployment rolled back because lifecycle hook ${failed.hookId} ${failed.status === 'FAILED' ? 'failed' : 'timed out'}.`,
      );
    if (!hooks.every((h) => h.status === 'SUCCEEDED' || h.status === 'TIMED_OUT')) return;
    if (walk.index === walk.steps.length - 1) return finish(world, service, walk, green);
    walk.index += 1;
    walk.workDone = false;
    walk.hooksStarted = false;
    enterStep(world, service, walk);
  }
}

/** What a step does as it begins. */
function enterStep(world: World, service: ServiceRecord, walk: Walk): void {
  const { work } = walk.steps[walk.index];
  if (work.kind === 'test-shift') walk.testWeight = 100;
  if (work.kind === 'production-shift') walk.productionWeight = work.weight;
  if (work.kind === 'wait') {
    walk.waitEndsAt = Date.now() + minutes(world, work.minutes);
    schedule(world, minutes(world, work.minutes), () => kick(world, service));
  }
  recordOf(service, walk.serviceDeploymentArn)!.updatedAt = now();
}

/** Stops tasks (draining them) as the scheduler does for a deployment's scaling, with the service event ECS writes. */
function stopForDeployment(world: World, service: ServiceRecord, tasks: TaskRecord[], deploymentId: string): void {
  for (const task of tasks) {
    stopTask(world, task, {
      stopCode: 'ServiceSchedulerInitiated',
      reason: `Scaling activity initiated by (deployment ${deploymentId})`,
      drain: true,
    });
  }
  if (tasks.length) addEvent(service, `has stopped ${tasks.length} running tasks: ${tasks.map((t) => `(task ${t.id})`).join(' ')}.`);
}

function workDone(world: World, service: ServiceRecord, walk: Walk): boolean {
  const { work } = walk.steps[walk.index];
  const green = deploymentById(service, walk.greenId)!;
  if (work.kind === 'wait') return Date.now() >= (walk.waitEndsAt ?? 0);
  if (work.kind === 'scale-up') return scaledUp(world, service, green);
  if (work.kind === 'clean-up') {
    const olds = service.deployments.filter((d) => d.id !== green.id);
    const stopping = olds.flatMap((d) => liveTasks(world, service, d.id));
    stopForDeployment(world, service, stopping, green.id);
    for (const old of olds) old.desiredCount = 0;
    return olds.every((d) => allStopped(world, service, d.id));
  }
  return true;
}

/** Green runs its desired count, every task healthy for stableMs. */
function scaledUp(world: World, service: ServiceRecord, green: DeploymentRecord): boolean {
  const live = liveTasks(world, service, green.id);
  const stableMs = timingsOf(world).stableMs;
  const stable = live.filter((t) => isHealthy(t) && Date.now() - (t.startedAt ?? 0) * 1000 >= stableMs);
  if (stable.length < live.length && live.some(isHealthy)) schedule(world, stableMs, () => kick(world, service));
  return live.length === service.desiredCount && stable.length === live.length;
}

function keepCount(world: World, service: ServiceRecord, deployment: DeploymentRecord): void {
  deployment.desiredCount = service.desiredCount;
  const missing = service.desiredCount - liveTasks(world, service, deployment.id).length;
  if (missing > 0) startTasks(world, service, { deployment, count: missing });
}

function startHooks(world: World, service: ServiceRecord, walk: Walk, stage: string): void {
  const hooks: any[] = recordOf(service, walk.serviceDeploymentArn)!.deploymentConfiguration.lifecycleHooks ?? [];
  for (const hook of hooks.filter((h) => (h.lifecycleStages ?? []).includes(stage))) {
    const timeoutMinutes = hook.timeoutConfiguration?.timeoutInMinutes ?? HOOK_TIMEOUT_DEFAULT_MINUTES;
    const run: HookRun = {
      hookId: randomUUID(),
      targetType: hook.targetType ?? 'AWS_LAMBDA',
      targetArn: hook.hookTargetArn,
      // A PAUSE hook waits for ContinueServiceDeployment; a Lambda hook is invoked (the
      // simulator has no Lambda: it answers SUCCEEDED one scheduler pass later).
      status: (hook.targetType ?? 'AWS_LAMBDA') === 'PAUSE' ? 'AWAITING_ACTION' : 'IN_PROGRESS',
      expiresAt: now() + minutes(world, timeoutMinutes) / 1000,
      timeoutAction: hook.timeoutConfiguration?.action ?? 'ROLLBACK',
      step: walk.index,
    };
    walk.hookRuns.push(run);
    if (run.targetType === 'AWS_LAMBDA') {
      schedule(world, timingsOf(world).schedulerMs, () => {
        if (run.status === 'IN_PROGRESS') run.status = 'SUCCEEDED';
        kick(world, service);
      });
    }
    schedule(world, minutes(world, timeoutMinutes), () => {
      if (run.status !== 'AWAITING_ACTION' && run.status !== 'IN_PROGRESS') return;
      run.status = 'TIMED_OUT';
      kick(world, service);
    });
  }
}

/** ContinueServiceDeployment: the paused hook succeeds (CONTINUE) or the deployment rolls back (ROLLBACK). */
export function continueHook(world: World, service: ServiceRecord, walk: Walk, run: HookRun, action: 'CONTINUE' | 'ROLLBACK'): void {
  run.status = 'SUCCEEDED';
  if (action === 'ROLLBACK') {
    startRollback(world, service, walk, `Service deployment rolled back by ContinueServiceDeployment at lifecycle hook ${run.hookId}.`);
  }
  kick(world, service);
}

/** StopServiceDeployment: ROLLBACK rolls back; ABORT stops the deployment where it is. */
export function stopWalk(world: World, service: ServiceRecord, walk: Walk, stopType: 'ROLLBACK' | 'ABORT'): void {
  if (stopType === 'ROLLBACK') {
    startRollback(world, service, walk, 'Service deployment rolled back because StopServiceDeployment was called.');
    return;
  }
  const record = recordOf(service, walk.serviceDeploymentArn)!;
  walk.phase = 'stopped';
  Object.assign(record, { status: 'STOP_REQUESTED', updatedAt: now() });
  schedule(world, timingsOf(world).schedulerMs, () => {
    Object.assign(record, {
      status: 'STOPPED',
      stoppedAt: now(),
      updatedAt: now(),
      statusReason: 'Service deployment stopped because StopServiceDeployment was called.',
    });
  });
}

function firedAlarms(world: World, service: ServiceRecord, walk: Walk): string[] {
  if (!walk.alarms.enabled) return [];
  return walk.alarms.names.filter((name) => findAlarm(world, service.region, name)?.state === 'ALARM');
}

function alarmFired(world: World, service: ServiceRecord, walk: Walk, fired: string[]): void {
  walk.alarms.triggered = fired;
  walk.alarms.status = 'TRIGGERED';
  const reason = `Service deployment rolled back because the following CloudWatch alarms went into ALARM state: ${fired.join(', ')}.`;
  if (walk.alarms.rollback) return startRollback(world, service, walk, reason, 'alarm detected');
  const green = deploymentById(service, walk.greenId)!;
  fail(service, green, 'alarm detected');
  walk.phase = 'stopped';
  const record = recordOf(service, walk.serviceDeploymentArn)!;
  Object.assign(record, {
    status: 'STOPPED',
    stoppedAt: now(),
    updatedAt: now(),
    statusReason: `Service deployment failed because the following CloudWatch alarms went into ALARM state: ${fired.join(', ')}.`,
  });
}

function fail(service: ServiceRecord, green: DeploymentRecord, why: string): void {
  green.rolloutState = 'FAILED';
  green.rolloutStateReason = `ECS deployment ${green.id} failed: ${why}.`;
  green.updatedAt = now();
  addEvent(service, `(deployment ${green.id}) deployment failed: ${why}.`);
}

/** Traffic goes back to blue at once; green's tasks stop; blue is PRIMARY again. */
function startRollback(world: World, service: ServiceRecord, walk: Walk, reason: string, why = 'rollback requested'): void {
  const record = recordOf(service, walk.serviceDeploymentArn)!;
  const green = deploymentById(service, walk.greenId)!;
  const blue = deploymentById(service, walk.blueId)!;
  walk.phase = 'rolling-back';
  walk.productionWeight = 0;
  walk.testWeight = 0;
  fail(service, green, why);
  green.status = 'ACTIVE';
  blue.status = 'PRIMARY';
  blue.rolloutState = 'IN_PROGRESS';
  blue.rolloutStateReason = `ECS deployment ${blue.id} in progress: rolling back.`;
  blue.updatedAt = now();
  blue.rollbackFor = record.arn;
  service.deployments = [blue, ...service.deployments.filter((d) => d !== blue)];
  service.taskDefinitionArn = blue.taskDefinitionArn;
  service.steady = false;
  addEvent(service, `rolling back to deployment ${blue.id}.`);
  Object.assign(record, {
    status: 'ROLLBACK_REQUESTED',
    statusReason: reason,
    updatedAt: now(),
    rollback: { reason, startedAt: now(), serviceRevisionArn: blue.serviceRevisionArn },
  });
  schedule(world, timingsOf(world).schedulerMs, () => {
    if (record.status === 'ROLLBACK_REQUESTED') Object.assign(record, { status: 'ROLLBACK_IN_PROGRESS', updatedAt: now() });
    kick(world, service);
  });
}

function rollBackStep(world: World, service: ServiceRecord, walk: Walk): void {
  const record = recordOf(service, walk.serviceDeploymentArn)!;
  if (record.status !== 'ROLLBACK_IN_PROGRESS') return;
  const blue = deploymentById(service, walk.blueId)!;
  keepCount(world, service, blue);
  const stopping = liveTasks(world, service, walk.greenId);
  stopForDeployment(world, service, stopping, blue.id);
  const green = deploymentById(service, walk.greenId);
  if (green) green.desiredCount = 0;
  const blueReady = liveTasks(world, service, blue.id).filter(isHealthy).length === service.desiredCount;
  const othersGone = service.deployments.filter((d) => d !== blue).every((d) => allStopped(world, service, d.id));
  if (!blueReady || !othersGone) return;
  walk.phase = 'done';
  if (walk.alarms.status === 'MONITORING') walk.alarms.status = 'MONITORING_COMPLETE';
  complete(service, blue);
  kick(world, service);
}

function finish(world: World, service: ServiceRecord, walk: Walk, green: DeploymentRecord): void {
  walk.phase = 'done';
  if (walk.alarms.status === 'MONITORING') walk.alarms.status = 'MONITORING_COMPLETE';
  complete(service, green);
  kick(world, service);
}
