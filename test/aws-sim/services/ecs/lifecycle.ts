import type { World } from '../../world.js';
import { appendLogEvents, logsState } from '../logs/state.js';
import { DEFAULT_AFTER_MS, DEFAULT_LOG_INTERVAL_MS, scenarioFor, timingsOf } from './scenarios.js';
import {
  containerArnFor,
  ecsState,
  hexId,
  now,
  type ClusterRecord,
  type ContainerRecord,
  type HealthStatus,
  type TaskRecord,
} from './state.js';
import type { TaskDefinitionRecord } from './taskdef-store.js';
import { schedule } from './timers.js';

/**
 * One task's life: PROVISIONING -> PENDING -> RUNNING -> (STOPPING -> DEPROVISIONING) -> STOPPED,
 * driven by timers and by the scenario of each container. The service scheduler listens to the
 * changes through `onTaskChange`.
 */

export type TaskChange = 'created' | 'running' | 'health' | 'stopping' | 'stopped';
type Listener = (world: World, task: TaskRecord, change: TaskChange) => void;
const listeners: Listener[] = [];

export function onTaskChange(listener: Listener): void {
  listeners.push(listener);
}

function changed(world: World, task: TaskRecord, change: TaskChange): void {
  task.version += 1;
  for (const listener of listeners) listener(world, task, change);
}

export interface LaunchRequest {
  world: World;
  accountId: string;
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  group: string;
  startedBy?: string;
  tags?: Array<{ key: string; value: string }>;
  overrides?: Record<string, any>;
  networkConfiguration?: Record<string, any>;
  serviceArn?: string;
  deploymentId?: string;
}

export const CAPACITY_UNAVAILABLE = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';

/** The placement failure a `no-capacity` scenario asks for, if any container of the definition has one. */
export function placementFailure(world: World, taskDefinition: TaskDefinitionRecord): string | undefined {
  const containers: any[] = taskDefinition.document.containerDefinitions ?? [];
  const blocked = containers.some(
    (c) => scenarioFor(world, { family: taskDefinition.family, container: c.name, image: c.image }).outcome === 'no-capacity',
  );
  return blocked ? CAPACITY_UNAVAILABLE : undefined;
}

/** Creates a task in PROVISIONING and starts its life. */
export function launchTask(request: LaunchRequest): TaskRecord {
  const { world, cluster, taskDefinition: td } = request;
  const id = hexId();
  const doc = td.document;
  const task: TaskRecord = {
    arn: `arn:aws:ecs:${cluster.region}:${request.accountId}:task/${cluster.name}/${id}`,
    id,
    region: cluster.region,
    clusterArn: cluster.arn,
    taskDefinitionArn: td.taskDefinitionArn,
    family: td.family,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    launchType: request.launchType,
    capacityProviderName: request.capacityProviderName,
    platformVersion: request.launchType === 'FARGATE' ? (request.platformVersion ?? '1.4.0') : undefined,
    group: request.group,
    startedBy: request.startedBy,
    tags: request.tags ?? [],
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...request.overrides },
    networkConfiguration: request.networkConfiguration,
    cpu: request.overrides?.cpu ?? (doc.cpu === undefined ? undefined : String(doc.cpu)),
    memory: request.overrides?.memory ?? (doc.memory === undefined ? undefined : String(doc.memory)),
    createdAt: now(),
    healthStatus: 'UNKNOWN',
    containers: [],
    version: 1,
    serviceArn: request.serviceArn,
    deploymentId: request.deploymentId,
    failed: false,
  };
  task.containers = (doc.containerDefinitions ?? []).map((def: any) => containerOf(world, { task, def, accountId: request.accountId }));
  ecsState(world).tasks.set(task.arn, task);
  changed(world, task, 'created');
  const timings = timingsOf(world);
  schedule(world, timings.provisioningMs, () => {
    if (task.desiredStatus !== 'RUNNING') return;
    task.lastStatus = 'PENDING';
    task.pullStartedAt = now();
    changed(world, task, 'health');
    schedule(world, timings.pendingMs, () => start(world, task));
  });
  return task;
}

function containerOf(world: World, args: { task: TaskRecord; def: any; accountId: string }): ContainerRecord {
  const { task, def } = args;
  const options = def.logConfiguration?.logDriver === 'awslogs' ? (def.logConfiguration.options ?? {}) : undefined;
  const prefix = options?.['awslogs-stream-prefix'];
  return {
    arn: containerArnFor(task, args.accountId),
    name: def.name,
    image: def.image,
    essential: def.essential !== false,
    hasHealthCheck: Boolean(def.healthCheck),
    lastStatus: 'PENDING',
    healthStatus: 'UNKNOWN',
    scenario: scenarioFor(world, { family: task.family, container: def.name, image: def.image, startedBy: task.startedBy }),
    log: options?.['awslogs-group']
      ? {
          group: options['awslogs-group'],
          stream: prefix ? `${prefix}/${def.name}/${task.id}` : task.id,
          createGroup: String(options['awslogs-create-group']) === 'true',
        }
      : undefined,
    cpu: def.cpu,
    memory: def.memory,
  };
}

/** PENDING -> RUNNING, or a failure to start (image pull, log group). */
function start(world: World, task: TaskRecord): void {
  if (task.desiredStatus !== 'RUNNING') return;
  task.pullStoppedAt = now();
  const pullFailure = task.containers.find((c) => c.scenario.outcome === 'pull-error');
  if (pullFailure) {
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${pullFailure.image}: not found`;
    pullFailure.reason = reason;
    return stopTask(world, task, { stopCode: 'TaskFailedToStart', reason, failed: true });
  }
  const missingGroup = task.containers.find((c) => c.log && !c.log.createGroup && !logsState(world).groups.has(c.log.group));
  if (missingGroup) {
    const reason =
      'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
      'failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1';
    return stopTask(world, task, { stopCode: 'TaskFailedToStart', reason, failed: true });
  }
  task.lastStatus = 'RUNNING';
  task.startedAt = now();
  task.connectivityAt = task.startedAt;
  for (const container of task.containers) {
    container.lastStatus = 'RUNNING';
    container.runtimeId = `${task.id}-${Math.floor(Math.random() * 1e10)}`;
    if (container.log) appendLogEvents(world, { group: container.log.group, stream: container.log.stream, messages: [] });
    run(world, task, container);
  }
  updateTaskHealth(task);
  changed(world, task, 'running');
}

/** Plays a running container's scenario: its log lines, then its exit, OOM kill or health result. */
function run(world: World, task: TaskRecord, container: ContainerRecord): void {
  const { scenario } = container;
  const timings = timingsOf(world);
  const lines = scenario.logs ?? [];
  const interval = scenario.logIntervalMs ?? DEFAULT_LOG_INTERVAL_MS;
  lines.forEach((line, index) => {
    const write = () => {
      if (container.lastStatus !== 'RUNNING' || !container.log) return;
      appendLogEvents(world, {
        group: container.log.group,
        stream: container.log.stream,
        messages: [line],
        batchMs: world.modes.logBatchMs,
      });
    };
    if (index === 0) write();
    else schedule(world, index * interval, write);
  });
  const afterMs = scenario.afterMs ?? DEFAULT_AFTER_MS;
  const whenRunning = (fn: () => void) => () => container.lastStatus === 'RUNNING' && fn();
  switch (scenario.outcome) {
    case 'exit':
      // Exits after its last line at the earliest, so every line is written before the exit.
      schedule(
        world,
        Math.max(afterMs, lines.length * interval),
        whenRunning(() => containerExited(world, { task, container }, { exitCode: scenario.exitCode ?? 0 })),
      );
      break;
    case 'oom':
      schedule(
        world,
        Math.max(afterMs, lines.length * interval),
        whenRunning(() =>
          containerExited(world, { task, container }, { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }),
        ),
      );
      break;
    case 'unhealthy':
      schedule(
        world,
        timings.healthyMs,
        whenRunning(() => setHealth(world, { task, container }, 'UNHEALTHY')),
      );
      if (task.serviceArn) {
        schedule(
          world,
          Math.max(afterMs, timings.healthyMs),
          whenRunning(() =>
            stopTask(world, task, { stopCode: 'ServiceSchedulerInitiated', reason: 'Task failed container health checks', failed: true }),
          ),
        );
      }
      break;
    default:
      if (container.hasHealthCheck)
        schedule(
          world,
          timings.healthyMs,
          whenRunning(() => setHealth(world, { task, container }, 'HEALTHY')),
        );
  }
}

function setHealth(world: World, target: { task: TaskRecord; container: ContainerRecord }, health: HealthStatus): void {
  const { task, container } = target;
  if (task.desiredStatus !== 'RUNNING') return;
  container.healthStatus = health;
  updateTaskHealth(task);
  changed(world, task, 'health');
}

/** Task health as ECS derives it from its essential containers' health checks. */
function updateTaskHealth(task: TaskRecord): void {
  const checked = task.containers.filter((c) => c.essential && (c.hasHealthCheck || c.scenario.outcome === 'unhealthy'));
  if (checked.some((c) => c.healthStatus === 'UNHEALTHY')) task.healthStatus = 'UNHEALTHY';
  else if (checked.length && checked.every((c) => c.healthStatus === 'HEALTHY')) task.healthStatus = 'HEALTHY';
  else task.healthStatus = 'UNKNOWN';
}

/** Whether the scheduler may count this task as healthy (RUNNING, and passing health checks if it has any). */
export function isHealthy(task: TaskRecord): boolean {
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return false;
  const checked = task.containers.some((c) => c.essential && (c.hasHealthCheck || c.scenario.outcome === 'unhealthy'));
  return checked ? task.healthStatus === 'HEALTHY' : true;
}

function containerExited(
  world: World,
  target: { task: TaskRecord; container: ContainerRecord },
  result: { exitCode: number; reason?: string },
): void {
  const { task, container } = target;
  container.lastStatus = 'STOPPED';
  container.exitCode = result.exitCode;
  if (result.reason) container.reason = result.reason;
  if (container.essential) {
    stopTask(world, task, { stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited', failed: true });
  } else {
    changed(world, task, 'health');
  }
}

export interface StopRequest {
  stopCode: string;
  reason: string;
  /** Counts as a failed task of its service deployment. */
  failed?: boolean;
  /** Keep RUNNING for the drain time first (service scale-in: load balancer deregistration). */
  drain?: boolean;
}

/** Stops a task (idempotent): desiredStatus STOPPED now, then STOPPING, DEPROVISIONING, STOPPED. */
export function stopTask(world: World, task: TaskRecord, request: StopRequest): void {
  if (task.desiredStatus === 'STOPPED') return;
  const timings = timingsOf(world);
  task.desiredStatus = 'STOPPED';
  task.stopCode = request.stopCode;
  task.stoppedReason = request.reason;
  task.stoppingAt = now();
  task.failed = Boolean(request.failed);
  changed(world, task, 'stopping');
  const wasRunning = task.lastStatus === 'RUNNING';
  const deprovision = () => {
    task.executionStoppedAt = now();
    for (const container of task.containers) {
      if (container.lastStatus === 'RUNNING') container.exitCode = 0;
      container.lastStatus = 'STOPPED';
    }
    task.lastStatus = 'DEPROVISIONING';
    changed(world, task, 'health');
    schedule(world, timings.deprovisioningMs, () => {
      task.lastStatus = 'STOPPED';
      task.stoppedAt = now();
      changed(world, task, 'stopped');
    });
  };
  if (!wasRunning) return deprovision();
  schedule(world, request.drain ? timings.drainMs : 0, () => {
    task.lastStatus = 'STOPPING';
    changed(world, task, 'health');
    schedule(world, timings.stoppingMs, deprovision);
  });
}
