import { AwsError } from '../../errors.js';
import type { Handler, RequestContext } from '../../types.js';
import { clusterArnFromRef, paginate, requireCluster } from './clusters.js';
import { checkLaunch, checkOverrides } from './launch.js';
import { launchTask, placementFailure, stopTask } from './lifecycle.js';
import { timingsOf } from './scenarios.js';
import { clusterName, ecsState, type TaskRecord } from './state.js';

/** RunTask, DescribeTasks, ListTasks, StopTask. */

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

/** The private IPv4 address of an awsvpc task's ENI (what ELBv2 registers as an ip target). */
export const privateIpOf = (task: TaskRecord): string => `10.0.${parseInt(task.id.slice(0, 2), 16)}.${parseInt(task.id.slice(2, 4), 16)}`;

/** A task as DescribeTasks returns it. */
export function describeTask(task: TaskRecord, include: string[] = []) {
  const subnet = task.networkConfiguration?.awsvpcConfiguration?.subnets?.[0];
  const eniId = `eni-${task.id.slice(0, 17)}`;
  const privateIp = privateIpOf(task);
  return {
    taskArn: task.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    launchType: task.launchType,
    capacityProviderName: task.capacityProviderName,
    platformVersion: task.platformVersion,
    platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
    cpu: task.cpu,
    memory: task.memory,
    group: task.group,
    startedBy: task.startedBy,
    version: task.version,
    availabilityZone: `${task.region}a`,
    connectivity: task.connectivityAt ? 'CONNECTED' : undefined,
    connectivityAt: task.connectivityAt,
    createdAt: task.createdAt,
    pullStartedAt: task.pullStartedAt,
    pullStoppedAt: task.pullStoppedAt,
    startedAt: task.startedAt,
    stoppingAt: task.stoppingAt,
    executionStoppedAt: task.executionStoppedAt,
    stoppedAt: task.stoppedAt,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    healthStatus: task.healthStatus,
    enableExecuteCommand: false,
    overrides: task.overrides,
    attachments: subnet
      ? [
          {
            id: task.id.slice(0, 8) + '-eni',
            type: 'ElasticNetworkInterface',
            status: task.lastStatus === 'STOPPED' ? 'DELETED' : task.lastStatus === 'PROVISIONING' ? 'PRECREATED' : 'ATTACHED',
            details: [
              { name: 'subnetId', value: subnet },
              { name: 'networkInterfaceId', value: eniId },
              { name: 'privateIPv4Address', value: privateIp },
            ],
          },
        ]
      : [],
    containers: task.containers.map((c) => ({
      containerArn: c.arn,
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      runtimeId: c.runtimeId,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      healthStatus: c.healthStatus,
      cpu: c.cpu === undefined ? undefined : String(c.cpu),
      memory: c.memory === undefined ? undefined : String(c.memory),
      // awsvpc tasks have no host port bindings: ECS answers an empty list.
      networkBindings: [],
      networkInterfaces: subnet ? [{ attachmentId: task.id.slice(0, 8) + '-eni', privateIpv4Address: privateIp }] : [],
    })),
    ...(include.includes('TAGS') ? { tags: task.tags } : {}),
  };
}

/** RunTask's clientToken: up to 64 characters, ASCII 33 to 126. */
const CLIENT_TOKEN = /^[\x21-\x7e]{1,64}$/;

/** Everything of a RunTask request but its token, in a stable order: a token reused with other parameters conflicts. */
function requestFingerprint(input: Record<string, unknown>): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, sorted(v)]),
          )
        : value;
  const { clientToken: _token, ...request } = input;
  return JSON.stringify(sorted(request));
}

/** The earlier run with this clientToken, if it is still remembered (24 h); a ConflictException if its request differs. */
function previousRun(ctx: RequestContext, clusterArn: string, input: any) {
  if (input.clientToken === undefined) return undefined;
  if (typeof input.clientToken !== 'string' || !CLIENT_TOKEN.test(input.clientToken)) {
    throw invalid('clientToken can have at most 64 characters, each an ASCII character from 33 to 126.');
  }
  const { clientTokens } = ecsState(ctx.world);
  const key = `${clusterArn}|${input.clientToken}`;
  const previous = clientTokens.get(key);
  if (!previous) return undefined;
  if (Date.now() - previous.at > timingsOf(ctx.world).clientTokenTtlMs) {
    clientTokens.delete(key);
    return undefined;
  }
  if (previous.request !== requestFingerprint(input)) {
    throw new AwsError(
      'ConflictException',
      'The RunTask request could not be processed due to conflicts. The provided clientToken is already in use with a different RunTask request.',
      400,
      { resourceIds: previous.taskArns },
    );
  }
  return previous;
}

/** A task reference (ARN or ID) within a cluster, as an ARN. */
function taskArnFromRef(ctx: RequestContext, clusterArn: string, ref: string): string {
  if (ref.startsWith('arn:')) return ref;
  return `arn:aws:ecs:${ctx.region}:${ctx.accountId}:task/${clusterName(clusterArn)}/${ref}`;
}

export const taskHandlers: Record<string, Handler> = {
  RunTask(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const count = input.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 10) throw invalid('count must be between 1 and 10.');
    const previous = previousRun(ctx, cluster.arn, input);
    if (previous) {
      // The same client token and request: the same answer, and nothing new starts.
      const tasks = previous.taskArns.map((arn) => describeTask(ecsState(ctx.world).tasks.get(arn)!, ['TAGS']));
      return { tasks, failures: previous.failures };
    }
    const tokenKey = input.clientToken ? `${cluster.arn}|${input.clientToken}` : undefined;
    const { taskDefinition, placement } = checkLaunch(ctx.world, cluster, input);
    checkOverrides(taskDefinition, input.overrides);
    if (input.startedBy !== undefined && (typeof input.startedBy !== 'string' || input.startedBy.length > 128)) {
      throw invalid('startedBy can have at most 128 characters.');
    }
    const failure = placementFailure(ctx.world, taskDefinition);
    const tasks: TaskRecord[] = [];
    const failures: Array<{ arn?: string; reason: string }> = [];
    for (let i = 0; i < count; i += 1) {
      if (failure) {
        failures.push({ arn: taskDefinition.taskDefinitionArn, reason: failure });
        continue;
      }
      tasks.push(
        launchTask({
          world: ctx.world,
          accountId: ctx.accountId,
          cluster,
          taskDefinition,
          launchType: placement.launchType,
          capacityProviderName: placement.capacityProviderName,
          platformVersion: input.platformVersion,
          group: input.group ?? `family:${taskDefinition.family}`,
          startedBy: input.startedBy,
          tags: input.tags,
          overrides: input.overrides,
          networkConfiguration: input.networkConfiguration,
        }),
      );
    }
    if (tokenKey) {
      ecsState(ctx.world).clientTokens.set(tokenKey, {
        taskArns: tasks.map((t) => t.arn),
        failures,
        request: requestFingerprint(input),
        at: Date.now(),
      });
    }
    return { tasks: tasks.map((t) => describeTask(t, ['TAGS'])), failures };
  },

  DescribeTasks(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    if (!Array.isArray(input.tasks) || input.tasks.length === 0) throw invalid('Tasks cannot be empty.');
    if (input.tasks.length > 100) throw invalid('Tasks cannot contain more than 100 items.');
    const { tasks } = ecsState(ctx.world);
    const found = [];
    const failures = [];
    for (const ref of input.tasks as string[]) {
      const arn = taskArnFromRef(ctx, cluster.arn, ref);
      const task = tasks.get(arn);
      if (task && task.clusterArn === cluster.arn) found.push(describeTask(task, input.include ?? []));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { tasks: found, failures };
  },

  ListTasks(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const { tasks, services } = ecsState(ctx.world);
    let serviceArn: string | undefined;
    if (input.serviceName) {
      const service = [...services.values()].find(
        (s) => s.clusterArn === cluster.arn && (s.name === input.serviceName || s.arn === input.serviceName),
      );
      if (!service) throw new AwsError('ServiceNotFoundException', 'Service not found.');
      serviceArn = service.arn;
    }
    const desired = input.desiredStatus ?? 'RUNNING';
    if (input.maxResults !== undefined && !(Number.isInteger(input.maxResults) && input.maxResults >= 1 && input.maxResults <= 100)) {
      throw invalid('maxResults must be between 1 and 100.');
    }
    // Stopped tasks are listed for about an hour after they stop.
    const stoppedSince = Date.now() - timingsOf(ctx.world).stoppedTaskVisibleMs;
    const listed = [...tasks.values()]
      .filter((t) => t.clusterArn === cluster.arn)
      .filter((t) => t.desiredStatus === desired)
      .filter((t) => desired !== 'STOPPED' || !t.stoppedAt || t.stoppedAt * 1000 >= stoppedSince)
      .filter((t) => !serviceArn || t.serviceArn === serviceArn)
      .filter((t) => !input.family || t.family === input.family)
      .filter((t) => !input.startedBy || t.startedBy === input.startedBy)
      .filter((t) => !input.launchType || t.launchType === input.launchType);
    // ECS promises no order. Shuffled by task ID: random, yet stable across the pages of a listing.
    if (ctx.modes.shuffleListTasks) listed.sort((a, b) => a.id.localeCompare(b.id));
    return paginate(
      listed.map((t) => t.arn),
      input,
      'taskArns',
    );
  },

  StopTask(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    if (!input.task) throw invalid('Task cannot be empty.');
    const task = ecsState(ctx.world).tasks.get(taskArnFromRef(ctx, clusterArnFromRef(ctx, cluster.arn), input.task));
    if (!task || task.clusterArn !== cluster.arn) throw invalid('The referenced task was not found.');
    stopTask(ctx.world, task, { stopCode: 'UserInitiated', reason: input.reason ?? 'Task stopped by user' });
    return { task: describeTask(task, []) };
  },
};
