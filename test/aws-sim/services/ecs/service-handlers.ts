import { AwsError } from '../../errors.js';
import type { Handler, RequestContext } from '../../types.js';
import type { World } from '../../world.js';
import {
  clusterName,
  ecsState,
  deploymentId,
  now,
  randomDigits,
  type DeploymentRecord,
  type ServiceRecord,
  type TaskRecord,
} from './state.js';
import { paginate, requireCluster } from './clusters.js';
import { checkLaunch } from './launch.js';
import { beforeServiceWrite, staleViewOf } from './lag.js';
import { isHealthy } from './lifecycle.js';
import { checkServiceLoadBalancers } from './load-balancer-checks.js';
import { checkStrategyConfiguration } from './native-config.js';
import { describeNative } from './native-handlers.js';
import { kick, newServiceDeploymentArn, serviceThreshold } from './scheduler.js';

/**
 * CreateService, UpdateService, DescribeServices, DeleteService, ListServices,
 * ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions.
 */

const invalid = (message: string) => new AwsError('InvalidParameterException', message);
const notFound = () => new AwsError('ServiceNotFoundException', 'Service not found.');

const serviceArnOf = (ctx: RequestContext, clusterArn: string, ref: string): string =>
  ref.startsWith('arn:') ? ref : `arn:aws:ecs:${ctx.region}:${ctx.accountId}:service/${clusterName(clusterArn)}/${ref}`;

function findService(ctx: RequestContext, clusterArn: string, ref: string): ServiceRecord | undefined {
  const { services } = ecsState(ctx.world);
  const direct = services.get(serviceArnOf(ctx, clusterArn, ref));
  if (direct) return direct;
  // Old short-format ARNs (service/name) and names given as ARNs of another shape.
  const name = ref.split('/').at(-1);
  return [...services.values()].find((s) => s.clusterArn === clusterArn && s.name === name);
}

function requireService(ctx: RequestContext, clusterArn: string, ref: unknown): ServiceRecord {
  if (typeof ref !== 'string' || !ref) throw invalid('Service cannot be empty.');
  const service = findService(ctx, clusterArn, ref);
  if (!service || service.status === 'INACTIVE') throw notFound();
  return service;
}

const DEFAULT_DEPLOYMENT_CONFIGURATION = () => ({
  maximumPercent: 200,
  minimumHealthyPercent: 100,
  deploymentCircuitBreaker: { enable: false, rollback: false },
  alarms: { alarmNames: [], rollback: false, enable: false },
});

function mergeDeploymentConfiguration(
  current: ServiceRecord['deploymentConfiguration'],
  given: any,
): ServiceRecord['deploymentConfiguration'] {
  const merged = { ...current, ...given };
  if (given?.deploymentCircuitBreaker)
    merged.deploymentCircuitBreaker = { enable: false, rollback: false, ...given.deploymentCircuitBreaker };
  checkThresholdConfiguration(merged.deploymentCircuitBreaker?.thresholdConfiguration);
  checkStrategyConfiguration(merged);
  if (merged.minimumHealthyPercent < 0 || merged.minimumHealthyPercent > 100) {
    throw invalid('minimumHealthyPercent must be between 0 and 100.');
  }
  if (merged.maximumPercent < 100 && merged.minimumHealthyPercent > 0) {
    throw invalid('maximumPercent must be at least 100 when minimumHealthyPercent is above 0.');
  }
  if (merged.maximumPercent <= merged.minimumHealthyPercent && merged.maximumPercent !== 100) {
    throw invalid('maximumPercent must be greater than minimumHealthyPercent.');
  }
  return merged;
}

const THRESHOLD_TYPES = ['COUNT', 'BOUNDED_PERCENT', 'UNBOUNDED_PERCENT'];

function checkThresholdConfiguration(config: any): void {
  if (config === undefined) return;
  if (!THRESHOLD_TYPES.includes(config?.type)) {
    throw invalid(`thresholdConfiguration type must be one of ${THRESHOLD_TYPES.join(', ')}.`);
  }
  if (!Number.isInteger(config.value) || config.value < 0) throw invalid('thresholdConfiguration value must be an integer of 0 or more.');
}

/** Starts a new deployment of the service (CreateService, or an UpdateService that changes what runs). */
function startDeployment(service: ServiceRecord): DeploymentRecord {
  const timestamp = now();
  const revisionArn = service.arn.replace(':service/', ':service-revision/') + '/' + randomDigits(19);
  service.revisions.push({
    arn: revisionArn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    taskDefinitionArn: service.taskDefinitionArn,
    createdAt: timestamp,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    networkConfiguration: service.networkConfiguration,
  });
  const serviceDeploymentArn = newServiceDeploymentArn(service);
  for (const sd of service.serviceDeployments) {
    if (sd.status === 'IN_PROGRESS' || sd.status === 'PENDING') {
      sd.status = 'STOPPED';
      sd.stoppedAt = timestamp;
      sd.updatedAt = timestamp;
      sd.statusReason = 'Service deployment stopped because a newer service deployment started.';
    }
  }
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  service.serviceDeployments.unshift({
    arn: serviceDeploymentArn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    createdAt: timestamp,
    startedAt: timestamp,
    updatedAt: timestamp,
    sourceRevisionArns: service.deployments.map((d) => d.serviceRevisionArn),
    targetRevisionArn: revisionArn,
    status: 'IN_PROGRESS',
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    circuitBreaker: {
      status: breaker?.enable ? 'MONITORING' : 'DISABLED',
      failureCount: 0,
      threshold: serviceThreshold(service),
    },
  });
  const id = deploymentId();
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: service.taskDefinitionArn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    createdAt: timestamp,
    updatedAt: timestamp,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    networkConfiguration: service.networkConfiguration,
    volumeConfigurations: service.extra.volumeConfigurations as unknown[] | undefined,
    serviceRevisionArn: revisionArn,
    serviceDeploymentArn,
  };
  for (const d of service.deployments) {
    d.status = 'ACTIVE';
    d.updatedAt = timestamp;
  }
  service.deployments.unshift(deployment);
  service.steady = false;
  return deployment;
}

function counts(world: World, service: ServiceRecord, deploymentIds: string[]) {
  const tasks = [...ecsState(world).tasks.values()].filter(
    (t) => t.serviceArn === service.arn && deploymentIds.includes(t.deploymentId ?? '') && t.desiredStatus === 'RUNNING',
  );
  const running = (t: TaskRecord) => t.lastStatus === 'RUNNING';
  return {
    runningCount: tasks.filter(running).length,
    pendingCount: tasks.filter((t) => !running(t)).length,
    healthy: tasks.filter(isHealthy).length,
  };
}

function describeService(world: World, service: ServiceRecord, include: string[] = []) {
  const total = counts(
    world,
    service,
    service.deployments.map((d) => d.id),
  );
  const rollingUpdate = ((service.extra.deploymentController as { type?: string } | undefined)?.type ?? 'ECS') === 'ECS';
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.extra.loadBalancers ?? [],
    serviceRegistries: service.extra.serviceRegistries ?? [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: total.runningCount,
    pendingCount: total.pendingCount,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    platformFamily: service.platformFamily,
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: service.deployments.map((d) => {
      const c = counts(world, service, [d.id]);
      return {
        id: d.id,
        status: d.status,
        taskDefinition: d.taskDefinitionArn,
        desiredCount: d.desiredCount,
        pendingCount: c.pendingCount,
        runningCount: c.runningCount,
        failedTasks: d.failedTasks,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
        launchType: d.launchType,
        capacityProviderStrategy: d.capacityProviderStrategy,
        platformVersion: d.platformVersion,
        platformFamily: d.launchType === 'FARGATE' ? 'Linux' : undefined,
        networkConfiguration: d.networkConfiguration,
        ...(d.volumeConfigurations !== undefined ? { volumeConfigurations: d.volumeConfigurations } : {}),
        // ECS reports a rollout state only for the rolling update (ECS) deployment controller.
        ...(rollingUpdate ? { rolloutState: d.rolloutState, rolloutStateReason: d.rolloutStateReason } : {}),
      };
    }),
    events: service.events,
    createdAt: service.createdAt,
    createdBy: service.createdBy,
    placementConstraints: service.extra.placementConstraints ?? [],
    placementStrategy: service.extra.placementStrategy ?? [],
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.extra.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: service.extra.deploymentController ?? { type: 'ECS' },
    enableECSManagedTags: service.extra.enableECSManagedTags ?? false,
    propagateTags: service.extra.propagateTags ?? 'NONE',
    enableExecuteCommand: service.extra.enableExecuteCommand ?? false,
    availabilityZoneRebalancing: service.extra.availabilityZoneRebalancing ?? 'DISABLED',
    ...(include.includes('TAGS') ? { tags: service.tags } : {}),
  };
}

/** Fields of CreateService/UpdateService that are stored and echoed but drive nothing here. */
const ECHOED = [
  'loadBalancers',
  'serviceRegistries',
  'placementConstraints',
  'placementStrategy',
  'healthCheckGracePeriodSeconds',
  'deploymentController',
  'enableECSManagedTags',
  'propagateTags',
  'enableExecuteCommand',
  'availabilityZoneRebalancing',
  'volumeConfigurations',
  'serviceConnectConfiguration',
];

const pick = (input: any, keys: string[]) => Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));

function describeServiceDeployment(world: World, service: ServiceRecord, arn: string) {
  const sd = service.serviceDeployments.find((s) => s.arn === arn)!;
  const summary = (revisionArn: string) => {
    const deployment = service.deployments.find((d) => d.serviceRevisionArn === revisionArn);
    const c = deployment ? counts(world, service, [deployment.id]) : { runningCount: 0, pendingCount: 0 };
    return {
      arn: revisionArn,
      requestedTaskCount: deployment?.desiredCount ?? 0,
      runningTaskCount: c.runningCount,
      pendingTaskCount: c.pendingCount,
    };
  };
  return describeNative(world, sd, {
    serviceDeploymentArn: sd.arn,
    serviceArn: sd.serviceArn,
    clusterArn: sd.clusterArn,
    createdAt: sd.createdAt,
    startedAt: sd.startedAt,
    finishedAt: sd.finishedAt,
    stoppedAt: sd.stoppedAt,
    updatedAt: sd.updatedAt,
    sourceServiceRevisions: sd.sourceRevisionArns.map(summary),
    targetServiceRevision: summary(sd.targetRevisionArn),
    status: sd.status,
    statusReason: sd.statusReason,
    deploymentConfiguration: sd.deploymentConfiguration,
    rollback: sd.rollback,
    deploymentCircuitBreaker: sd.circuitBreaker,
  });
}

export const serviceHandlers: Record<string, Handler> = {
  CreateService(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const name = input.serviceName;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw invalid('Service name can only contain up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.');
    }
    const existing = findService(ctx, cluster.arn, name);
    // ECS's wording: a service of that name still draining after DeleteService blocks its re-creation.
    if (existing?.status === 'DRAINING') throw invalid('Unable to Start a service that is still Draining.');
    if (existing && existing.status !== 'INACTIVE') throw invalid('Creation of service was not idempotent.');
    if (input.schedulingStrategy === 'DAEMON') throw invalid('The simulator supports only the REPLICA scheduling strategy.');
    const { taskDefinition, placement } = checkLaunch(ctx.world, cluster, input);
    checkServiceLoadBalancers(ctx.world, input.loadBalancers, taskDefinition.taskDefinitionArn);
    const desiredCount = input.desiredCount ?? 0;
    if (!Number.isInteger(desiredCount) || desiredCount < 0) throw invalid('desiredCount must be a non-negative integer.');
    const service: ServiceRecord = {
      arn: serviceArnOf(ctx, cluster.arn, name),
      name,
      region: cluster.region,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount,
      taskDefinitionArn: taskDefinition.taskDefinitionArn,
      launchType: input.capacityProviderStrategy?.length ? undefined : placement.launchType,
      capacityProviderStrategy: input.capacityProviderStrategy?.length ? input.capacityProviderStrategy : undefined,
      platformVersion: placement.compatibility === 'FARGATE' ? (input.platformVersion ?? 'LATEST') : undefined,
      platformFamily: placement.compatibility === 'FARGATE' ? 'Linux' : undefined,
      networkConfiguration: input.networkConfiguration,
      deploymentConfiguration: mergeDeploymentConfiguration(DEFAULT_DEPLOYMENT_CONFIGURATION(), input.deploymentConfiguration),
      deployments: [],
      events: [],
      serviceDeployments: [],
      revisions: [],
      createdAt: now(),
      createdBy: `arn:aws:iam::${ctx.accountId}:role/simulator`,
      tags: input.tags ?? [],
      extra: pick(input, ECHOED),
      steady: false,
      kicked: false,
    };
    beforeServiceWrite(ctx.world, service.arn, () => null);
    ecsState(ctx.world).services.set(service.arn, service);
    startDeployment(service);
    kick(ctx.world, service);
    return { service: describeService(ctx.world, service, ['TAGS']) };
  },

  UpdateService(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const service = requireService(ctx, cluster.arn, input.service);
    if (service.status !== 'ACTIVE') throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    beforeServiceWrite(ctx.world, service.arn, () => describeService(ctx.world, service, ['TAGS']));
    checkServiceLoadBalancers(ctx.world, input.loadBalancers, input.taskDefinition ?? service.taskDefinitionArn);
    const primary = service.deployments[0];
    let redeploy = Boolean(input.forceNewDeployment);
    if (input.taskDefinition !== undefined) {
      const { taskDefinition } = checkLaunch(ctx.world, cluster, {
        taskDefinition: input.taskDefinition,
        launchType: service.launchType,
        capacityProviderStrategy: input.capacityProviderStrategy ?? service.capacityProviderStrategy,
        networkConfiguration: input.networkConfiguration ?? service.networkConfiguration,
      });
      if (taskDefinition.taskDefinitionArn !== primary?.taskDefinitionArn) redeploy = true;
      service.taskDefinitionArn = taskDefinition.taskDefinitionArn;
    }
    if (input.networkConfiguration !== undefined) {
      if (JSON.stringify(input.networkConfiguration) !== JSON.stringify(service.networkConfiguration)) redeploy = true;
      service.networkConfiguration = input.networkConfiguration;
    }
    if (input.capacityProviderStrategy !== undefined) {
      if (JSON.stringify(input.capacityProviderStrategy) !== JSON.stringify(service.capacityProviderStrategy ?? [])) redeploy = true;
      service.capacityProviderStrategy = input.capacityProviderStrategy.length ? input.capacityProviderStrategy : undefined;
      if (service.capacityProviderStrategy) service.launchType = undefined;
    }
    if (input.platformVersion !== undefined && input.platformVersion !== service.platformVersion) {
      service.platformVersion = input.platformVersion;
      redeploy = true;
    }
    if (input.desiredCount !== undefined) {
      if (!Number.isInteger(input.desiredCount) || input.desiredCount < 0) throw invalid('desiredCount must be a non-negative integer.');
      service.desiredCount = input.desiredCount;
      // The PRIMARY deployment takes the new count at once, as ECS reports it.
      if (primary) primary.desiredCount = input.desiredCount;
      service.steady = false;
    }
    if (input.deploymentConfiguration !== undefined) {
      service.deploymentConfiguration = mergeDeploymentConfiguration(service.deploymentConfiguration, input.deploymentConfiguration);
    }
    // Volumes configured at launch: a change starts a deployment; leaving them out keeps them.
    if (input.volumeConfigurations !== undefined) {
      if (JSON.stringify(input.volumeConfigurations) !== JSON.stringify(service.extra.volumeConfigurations ?? [])) redeploy = true;
    }
    Object.assign(service.extra, pick(input, ECHOED));
    if (redeploy) startDeployment(service);
    kick(ctx.world, service);
    return { service: describeService(ctx.world, service) };
  },

  DescribeServices(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    if (!Array.isArray(input.services) || input.services.length === 0) throw invalid('Services cannot be empty.');
    if (input.services.length > 10) throw invalid('Services cannot contain more than 10 items.');
    const services = [];
    const failures = [];
    for (const ref of input.services as string[]) {
      const service = findService(ctx, cluster.arn, ref);
      const stale = service && staleViewOf(ctx.world, service.arn, ctx.modes);
      if (stale?.view) services.push(stale.view);
      else if (service && !stale) services.push(describeService(ctx.world, service, input.include ?? []));
      else failures.push({ arn: serviceArnOf(ctx, cluster.arn, ref), reason: 'MISSING' });
    }
    return { services, failures };
  },

  DeleteService(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const service = requireService(ctx, cluster.arn, input.service);
    if (service.status !== 'ACTIVE') throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    if (service.desiredCount > 0 && !input.force) throw invalid('The service cannot be stopped while it is scaled above 0.');
    service.desiredCount = 0;
    service.status = 'DRAINING';
    kick(ctx.world, service);
    return { service: describeService(ctx.world, service) };
  },

  ListServices(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const arns = [...ecsState(ctx.world).services.values()]
      .filter((s) => s.clusterArn === cluster.arn && s.status === 'ACTIVE')
      .filter((s) => !input.launchType || s.launchType === input.launchType)
      .map((s) => s.arn);
    return paginate(arns, input, 'serviceArns');
  },

  ListServiceDeployments(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    if (typeof input.service !== 'string' || !input.service) throw invalid('Service cannot be empty.');
    const service = findService(ctx, cluster.arn, input.service);
    if (!service) throw notFound();
    const after = input.createdAt?.after;
    const before = input.createdAt?.before;
    const briefs = service.serviceDeployments
      .filter((sd) => !input.status?.length || input.status.includes(sd.status))
      .filter((sd) => after === undefined || sd.createdAt >= Number(after))
      .filter((sd) => before === undefined || sd.createdAt <= Number(before))
      .map((sd) => ({
        serviceDeploymentArn: sd.arn,
        serviceArn: sd.serviceArn,
        clusterArn: sd.clusterArn,
        startedAt: sd.startedAt,
        createdAt: sd.createdAt,
        finishedAt: sd.finishedAt,
        targetServiceRevisionArn: sd.targetRevisionArn,
        status: sd.status,
        statusReason: sd.statusReason,
      }));
    return paginate(briefs, { maxResults: input.maxResults ?? 20, nextToken: input.nextToken }, 'serviceDeployments');
  },

  DescribeServiceDeployments(input, ctx) {
    const arns: string[] = input.serviceDeploymentArns ?? [];
    if (!arns.length) throw invalid('serviceDeploymentArns cannot be empty.');
    if (arns.length > 20) throw invalid('serviceDeploymentArns cannot contain more than 20 items.');
    const services = [...ecsState(ctx.world).services.values()];
    const serviceDeployments = [];
    const failures = [];
    for (const arn of arns) {
      const service = services.find((s) => s.serviceDeployments.some((sd) => sd.arn === arn));
      if (service) serviceDeployments.push(describeServiceDeployment(ctx.world, service, arn));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { serviceDeployments, failures };
  },

  DescribeServiceRevisions(input, ctx) {
    const arns: string[] = input.serviceRevisionArns ?? [];
    if (!arns.length) throw invalid('serviceRevisionArns cannot be empty.');
    const revisions = [...ecsState(ctx.world).services.values()].flatMap((s) => s.revisions);
    const serviceRevisions = [];
    const failures = [];
    for (const arn of arns) {
      const r = revisions.find((rev) => rev.arn === arn);
      if (!r) {
        failures.push({ arn, reason: 'MISSING' });
        continue;
      }
      serviceRevisions.push({
        serviceRevisionArn: r.arn,
        serviceArn: r.serviceArn,
        clusterArn: r.clusterArn,
        taskDefinition: r.taskDefinitionArn,
        launchType: r.launchType,
        capacityProviderStrategy: r.capacityProviderStrategy,
        platformVersion: r.platformVersion,
        networkConfiguration: r.networkConfiguration,
        createdAt: r.createdAt,
      });
    }
    return { serviceRevisions, failures };
  },
};
