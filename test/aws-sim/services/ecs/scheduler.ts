import { randomUUID } from 'node:crypto';
import type { World } from '../../world.js';
import { findCluster } from './clusters.js';
import { isHealthy, launchTask, onTaskChange, placementFailure, stopTask } from './lifecycle.js';
import { reconcileNative } from './native-strategies.js';
import { timingsOf } from './scenarios.js';
import {
  ecsState,
  now,
  randomToken,
  type DeploymentRecord,
  type ServiceRecord,
  type TaskRecord,
  type ThresholdConfiguration,
} from './state.js';
import { findTaskDefinition } from './taskdef-store.js';
import { schedule } from './timers.js';

/**
 * The service scheduler: keeps each service's PRIMARY deployment at its desired count, drains
 * the ACTIVE ones, paced by minimumHealthyPercent/maximumPercent, replaces failed tasks, runs the
 * deployment circuit breaker, and writes service events in ECS's wording.
 */

const MAX_EVENTS = 100;
/** Services with a pending "have the new tasks been healthy long enough?" check. */
const stableChecks = new WeakSet<ServiceRecord>();
/** Tasks that have reached a healthy state once (resetOnHealthyTask counts each task once). */
const countedHealthy = new WeakSet<TaskRecord>();

export function addEvent(service: ServiceRecord, message: string): void {
  service.events.unshift({ id: randomUUID(), createdAt: now(), message: `(service ${service.name}) ${message}` });
  service.events.length = Math.min(service.events.length, MAX_EVENTS);
}

/**
 * ECS's failure threshold (API_ThresholdConfiguration): by default BOUNDED_PERCENT 50, that is
 * 0.5 x desired count, at least 3 and at most 200 failed tasks; UNBOUNDED_PERCENT without the
 * bounds; COUNT the value itself. A fraction of a task is rounded up.
 */
export function failureThreshold(desiredCount: number, config: ThresholdConfiguration = { type: 'BOUNDED_PERCENT', value: 50 }): number {
  // A breaker that trips without a failed task would make no sense: at least 1 (the docs are silent).
  if (config.type === 'COUNT') return Math.max(config.value, 1);
  const share = Math.ceil((config.value * desiredCount) / 100);
  return config.type === 'UNBOUNDED_PERCENT' ? Math.max(share, 1) : Math.min(Math.max(share, 3), 200);
}

/** The threshold of a service as configured (thresholdConfiguration, else ECS's default). */
export const serviceThreshold = (service: ServiceRecord): number =>
  failureThreshold(service.desiredCount, service.deploymentConfiguration.deploymentCircuitBreaker?.thresholdConfiguration);

const accountOf = (arn: string): string => arn.split(':')[4];

/** Runs the scheduler for a service soon (once, however many changes ask for it). */
export function kick(world: World, service: ServiceRecord): void {
  if (service.kicked) return;
  service.kicked = true;
  schedule(world, timingsOf(world).schedulerMs, () => {
    service.kicked = false;
    reconcile(world, service);
  });
}

onTaskChange((world, task, change) => {
  if (!task.serviceArn) return;
  const service = ecsState(world).services.get(task.serviceArn);
  if (!service) return;
  if (change === 'stopping' && task.failed) {
    const deployment = service.deployments.find((d) => d.id === task.deploymentId);
    if (deployment) {
      deployment.failedTasks += 1;
      deployment.updatedAt = now();
    }
    if (task.stoppedReason === 'Task failed container health checks')
      addEvent(service, `(task ${task.id}) failed container health checks.`);
  }
  if (change === 'stopping' || change === 'created') service.steady = false;
  kick(world, service);
});

const tasksOf = (world: World, service: ServiceRecord): TaskRecord[] =>
  [...ecsState(world).tasks.values()].filter((t) => t.serviceArn === service.arn);

/** Not-yet-healthy tasks first: they are stopped before healthy ones. */
const byHealth = (a: TaskRecord, b: TaskRecord) => Number(isHealthy(a)) - Number(isHealthy(b));

export function reconcile(world: World, service: ServiceRecord): void {
  if (service.status === 'INACTIVE') return;
  const tasks = tasksOf(world, service);
  const live = (d: DeploymentRecord) => tasks.filter((t) => t.deploymentId === d.id && t.desiredStatus === 'RUNNING');
  if (service.status === 'DRAINING') return drainDeletedService(world, service, tasks);
  // BLUE_GREEN, CANARY and LINEAR deployments walk their lifecycle stages (native-strategies.ts).
  if (reconcileNative(world, service)) return;

  circuitBreaker(service);
  const [primary, ...olds] = service.deployments;
  const desired = service.desiredCount;
  primary.desiredCount = desired;
  const config = service.deploymentConfiguration;
  const maxTotal = Math.floor((desired * config.maximumPercent) / 100);
  const minHealthy = Math.ceil((desired * config.minimumHealthyPercent) / 100);
  const allLive = service.deployments.flatMap(live);
  const primaryLive = live(primary);
  const healthyPrimary = primaryLive.filter(isHealthy).length;
  let budget = allLive.filter(isHealthy).length - minHealthy;
  const stopped: TaskRecord[] = [];
  const stop = (task: TaskRecord) => {
    stopTask(world, task, {
      stopCode: 'ServiceSchedulerInitiated',
      reason: `Scaling activity initiated by (deployment ${primary.id})`,
      drain: true,
    });
    stopped.push(task);
  };

  // Scale-in of the primary (desired count lowered).
  for (const task of [...primaryLive].sort(byHealth).slice(desired)) stop(task);

  // Old deployments: stop what is no longer needed, or what makes room for new tasks, keeping minimumHealthyPercent.
  // A deployment the circuit breaker failed launches nothing more.
  const needNew = primary.rolloutState === 'FAILED' ? 0 : Math.max(0, desired - primaryLive.length);
  const oldLive = olds.flatMap(live).sort(byHealth);
  let wantStop = Math.max(needNew - (maxTotal - allLive.length), oldLive.length - Math.max(0, desired - healthyPrimary));
  for (const task of oldLive) {
    if (wantStop <= 0) break;
    if (!isHealthy(task)) stop(task);
    else if (budget > 0) {
      stop(task);
      budget -= 1;
    } else continue;
    wantStop -= 1;
  }
  for (const old of olds) old.desiredCount = live(old).length;

  const toStart = Math.min(needNew, maxTotal - (allLive.length - stopped.length));
  if (toStart > 0) startTasks(world, service, { deployment: primary, count: toStart });
  if (stopped.length) {
    addEvent(service, `has stopped ${stopped.length} running tasks: ${stopped.map((t) => `(task ${t.id})`).join(' ')}.`);
  }

  const oldTasksGone = tasks.filter((t) => olds.some((d) => d.id === t.deploymentId)).every((t) => t.lastStatus === 'STOPPED');
  // A deployment completes once its tasks have stayed healthy a while. Like ECS, the scheduler
  // knows only what has happened: a task scripted to crash later counts as healthy until it does.
  const stableMs = timingsOf(world).stableMs;
  const isStable = (t: TaskRecord) => isHealthy(t) && Date.now() - (t.startedAt ?? 0) * 1000 >= stableMs;
  resetOnHealthyTasks(service, live(primary).filter(isStable));
  const unstable = live(primary).filter((t) => isHealthy(t) && !isStable(t));
  if (unstable.length && !stableChecks.has(service)) {
    stableChecks.add(service);
    schedule(world, stableMs, () => {
      stableChecks.delete(service);
      kick(world, service);
    });
  }
  const primaryReady = healthyPrimary === desired && live(primary).length === desired && !unstable.length;
  if (primary.rolloutState === 'IN_PROGRESS' && primaryReady && oldTasksGone) complete(service, primary);
  const settled = tasks.every((t) => (t.desiredStatus === 'RUNNING' ? isHealthy(t) : t.lastStatus === 'STOPPED'));
  if (primary.rolloutState === 'COMPLETED' && service.deployments.length === 1 && primaryReady && settled && !service.steady) {
    service.steady = true;
    schedule(world, timingsOf(world).steadyStateMs, () => {
      if (service.steady) addEvent(service, 'has reached a steady state.');
    });
  }
}

export function startTasks(world: World, service: ServiceRecord, launch: { deployment: DeploymentRecord; count: number }): void {
  const { deployment, count } = launch;
  const cluster = findCluster(world, service.clusterArn);
  const taskDefinition = findTaskDefinition(world, deployment.taskDefinitionArn);
  if (!cluster || !taskDefinition) return;
  const failure = placementFailure(world, taskDefinition);
  if (failure) {
    const message = `was unable to place a task. Reason: ${failure}.`;
    if (!service.events[0]?.message.endsWith(message)) addEvent(service, message);
    schedule(world, timingsOf(world).schedulerMs * 10, () => kick(world, service));
    return;
  }
  const started: TaskRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    started.push(
      launchTask({
        world,
        accountId: accountOf(service.arn),
        cluster,
        taskDefinition,
        launchType: deployment.launchType,
        capacityProviderName: deployment.capacityProviderStrategy?.[0]?.capacityProvider as string | undefined,
        platformVersion: deployment.platformVersion,
        group: `service:${service.name}`,
        startedBy: deployment.id,
        tags: service.extra.propagateTags === 'SERVICE' ? service.tags : [],
        networkConfiguration: deployment.networkConfiguration,
        serviceArn: service.arn,
        deploymentId: deployment.id,
      }),
    );
  }
  addEvent(service, `has started ${count} tasks: ${started.map((t) => `(task ${t.id})`).join(' ')}.`);
}

export function complete(service: ServiceRecord, primary: DeploymentRecord): void {
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
  primary.updatedAt = now();
  service.deployments = [primary];
  addEvent(service, `(deployment ${primary.id}) deployment completed.`);
  const finished = service.serviceDeployments.find((sd) => sd.arn === (primary.rollbackFor ?? primary.serviceDeploymentArn));
  if (finished) {
    finished.status = primary.rollbackFor ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL';
    finished.finishedAt = now();
    finished.updatedAt = now();
    if (finished.circuitBreaker.status === 'MONITORING') finished.circuitBreaker.status = 'MONITORING_COMPLETE';
  }
  primary.rollbackFor = undefined;
}

/** Fails the primary deployment when it has too many failed tasks, and rolls back if asked to. */
/**
 * resetOnHealthyTask (default true): a task of the PRIMARY deployment that reaches a healthy state
 * resets its failure count to 0. "Healthy" here: passing its health checks (or RUNNING without
 * any) for `stableMs`, the bar the scheduler uses for a stable task. Each task resets once.
 */
function resetOnHealthyTasks(service: ServiceRecord, stableTasks: TaskRecord[]): void {
  const [primary] = service.deployments;
  const fresh = stableTasks.filter((t) => !countedHealthy.has(t));
  for (const task of fresh) countedHealthy.add(task);
  if (!fresh.length || service.deploymentConfiguration.deploymentCircuitBreaker?.resetOnHealthyTask === false) return;
  if (primary.rolloutState !== 'IN_PROGRESS' || primary.failedTasks === 0) return;
  primary.failedTasks = 0;
  primary.updatedAt = now();
}

function circuitBreaker(service: ServiceRecord): void {
  const [primary, ...olds] = service.deployments;
  const threshold = serviceThreshold(service);
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  if (primary.rollbackFor) {
    // A failing rollback is not rolled back again: the service deployment ends ROLLBACK_FAILED.
    if (!breaker?.enable || primary.rolloutState !== 'IN_PROGRESS' || primary.failedTasks < threshold) return;
    primary.rolloutState = 'FAILED';
    primary.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
    primary.updatedAt = now();
    addEvent(service, `(deployment ${primary.id}) deployment failed: tasks failed to start.`);
    const rolledBack = service.serviceDeployments.find((sd) => sd.arn === primary.rollbackFor);
    if (rolledBack) Object.assign(rolledBack, { status: 'ROLLBACK_FAILED', finishedAt: now(), updatedAt: now() });
    return;
  }
  const record = service.serviceDeployments.find((sd) => sd.arn === primary.serviceDeploymentArn);
  if (record && record.circuitBreaker.status === 'MONITORING') record.circuitBreaker.failureCount = primary.failedTasks;
  if (primary.rolloutState !== 'IN_PROGRESS' || primary.failedTasks < threshold) return;
  if (!breaker?.enable) {
    if (!primary.impairedReported) {
      primary.impairedReported = true;
      addEvent(
        service,
        'is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
      );
    }
    return;
  }
  primary.rolloutState = 'FAILED';
  primary.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  primary.updatedAt = now();
  addEvent(service, `(deployment ${primary.id}) deployment failed: tasks failed to start.`);
  if (record) {
    record.circuitBreaker.status = 'TRIGGERED';
    record.updatedAt = now();
  }
  const target = breaker.rollback ? olds.find((d) => d.rolloutState === 'COMPLETED') : undefined;
  if (!target) {
    if (record) {
      record.status = 'STOPPED';
      record.stoppedAt = now();
      record.statusReason = 'Service deployment failed: the deployment circuit breaker threshold was reached.';
    }
    return;
  }
  // The last COMPLETED deployment becomes PRIMARY again and rolls out; the failed one drains.
  target.status = 'PRIMARY';
  target.rolloutState = 'IN_PROGRESS';
  target.rolloutStateReason = `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`;
  target.failedTasks = 0;
  target.updatedAt = now();
  target.rollbackFor = record?.arn;
  primary.status = 'ACTIVE';
  service.deployments = [target, ...service.deployments.filter((d) => d !== target)];
  service.taskDefinitionArn = target.taskDefinitionArn;
  addEvent(service, `rolling back to deployment ${target.id}.`);
  if (record) {
    record.status = 'ROLLBACK_IN_PROGRESS';
    record.statusReason = 'Service deployment rolled back because the circuit breaker threshold was exceeded.';
    record.rollback = {
      reason: 'Service deployment rolled back because the circuit breaker threshold was exceeded.',
      startedAt: now(),
      serviceRevisionArn: target.serviceRevisionArn,
    };
    record.updatedAt = now();
  }
}

function drainDeletedService(world: World, service: ServiceRecord, tasks: TaskRecord[]): void {
  const live = tasks.filter((t) => t.desiredStatus === 'RUNNING');
  for (const task of live) stopTask(world, task, { stopCode: 'ServiceSchedulerInitiated', reason: 'Service deleted', drain: true });
  if (live.length) addEvent(service, `has stopped ${live.length} running tasks: ${live.map((t) => `(task ${t.id})`).join(' ')}.`);
  if (tasks.every((t) => t.lastStatus === 'STOPPED')) {
    service.status = 'INACTIVE';
    for (const d of service.deployments) d.status = 'INACTIVE';
    service.deployments = [];
  }
}

export const newServiceDeploymentArn = (service: ServiceRecord): string =>
  service.arn.replace(':service/', ':service-deployment/') + '/' + randomToken(22);
