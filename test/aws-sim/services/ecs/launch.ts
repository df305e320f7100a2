import { AwsError } from '../../errors.js';
import type { World } from '../../world.js';
import type { ClusterRecord } from './state.js';
import { findTaskDefinition, type TaskDefinitionRecord } from './taskdef-store.js';

/**
 * The checks RunTask and CreateService/UpdateService share: the task definition, launch type or
 * capacity provider strategy, and awsvpc network configuration, with ECS's exception texts.
 */

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

export function requireTaskDefinition(world: World, ref: unknown): TaskDefinitionRecord {
  if (typeof ref !== 'string' || !ref) throw invalid('TaskDefinition can not be blank.');
  const record = findTaskDefinition(world, ref);
  if (!record) throw new AwsError('ClientException', 'TaskDefinition not found.');
  if (record.status !== 'ACTIVE') throw new AwsError('ClientException', 'TaskDefinition is inactive');
  return record;
}

export interface Placement {
  launchType?: string;
  capacityProviderName?: string;
  /** FARGATE or EC2: what the task runs on. */
  compatibility: string;
}

export function resolvePlacement(args: {
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  launchType?: string;
  capacityProviderStrategy?: Array<{ capacityProvider: string; weight?: number; base?: number }>;
}): Placement {
  const { cluster, taskDefinition, launchType } = args;
  const strategy = args.capacityProviderStrategy?.length ? args.capacityProviderStrategy : undefined;
  if (launchType && strategy) {
    throw invalid('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  let placement: Placement;
  const effectiveStrategy = launchType
    ? undefined
    : (strategy ?? (cluster.defaultCapacityProviderStrategy.length ? (cluster.defaultCapacityProviderStrategy as any[]) : undefined));
  if (effectiveStrategy) {
    for (const item of effectiveStrategy) {
      if (!cluster.capacityProviders.includes(item.capacityProvider)) {
        throw invalid(
          'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. ' +
            'Associate the capacity provider with the cluster or specify a valid capacity provider and try again.',
        );
      }
    }
    const chosen =
      effectiveStrategy.find((i) => (i.base ?? 0) > 0) ?? effectiveStrategy.find((i) => (i.weight ?? 0) > 0) ?? effectiveStrategy[0];
    const fargate = chosen.capacityProvider === 'FARGATE' || chosen.capacityProvider === 'FARGATE_SPOT';
    placement = {
      launchType: fargate ? 'FARGATE' : 'EC2',
      capacityProviderName: chosen.capacityProvider,
      compatibility: fargate ? 'FARGATE' : 'EC2',
    };
  } else {
    const type = launchType ?? 'EC2';
    if (!['EC2', 'FARGATE', 'EXTERNAL'].includes(type)) {
      throw invalid(
        `1 validation error detected: Value '${type}' at 'launchType' failed to satisfy constraint: Member must satisfy enum value set: [EC2, FARGATE, EXTERNAL]`,
      );
    }
    placement = { launchType: type, compatibility: type };
  }
  const compatibilities: string[] = taskDefinition.document.compatibilities ?? taskDefinition.document.requiresCompatibilities ?? ['EC2'];
  if (placement.compatibility === 'FARGATE' && !compatibilities.includes('FARGATE')) {
    throw new AwsError('ClientException', 'Task definition does not support launch_type FARGATE.');
  }
  return placement;
}

/** A launch (RunTask, CreateService, UpdateService) checked as ECS checks it: definition, placement, network. */
export function checkLaunch(
  world: World,
  cluster: ClusterRecord,
  request: {
    taskDefinition?: unknown;
    launchType?: string;
    capacityProviderStrategy?: Array<{ capacityProvider: string; weight?: number; base?: number }>;
    networkConfiguration?: unknown;
  },
): { taskDefinition: TaskDefinitionRecord; placement: Placement } {
  const taskDefinition = requireTaskDefinition(world, request.taskDefinition);
  const placement = resolvePlacement({
    cluster,
    taskDefinition,
    launchType: request.launchType,
    capacityProviderStrategy: request.capacityProviderStrategy,
  });
  checkNetworkConfiguration(taskDefinition, placement, request.networkConfiguration);
  return { taskDefinition, placement };
}

/** awsvpc tasks need subnets; other network modes take no network configuration. */
export function checkNetworkConfiguration(taskDefinition: TaskDefinitionRecord, placement: Placement, networkConfiguration: any): void {
  const mode = taskDefinition.document.networkMode ?? (placement.compatibility === 'FARGATE' ? 'awsvpc' : 'bridge');
  const vpc = networkConfiguration?.awsvpcConfiguration;
  if (mode !== 'awsvpc') {
    if (vpc) throw invalid('Network Configuration is not valid for the given networkMode of this task definition.');
    return;
  }
  if (!vpc) throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  if (!Array.isArray(vpc.subnets) || vpc.subnets.length === 0) throw invalid('subnets can not be empty.');
  if (vpc.subnets.length > 16) throw invalid('subnets can have at most 16 items.');
  if (Array.isArray(vpc.securityGroups) && vpc.securityGroups.length > 5) throw invalid('securityGroups can have at most 5 items.');
  if (vpc.assignPublicIp === 'ENABLED' && placement.compatibility !== 'FARGATE') {
    throw invalid('Assign public IP is not supported for this launch type.');
  }
  if (vpc.assignPublicIp !== undefined && !['ENABLED', 'DISABLED'].includes(vpc.assignPublicIp)) {
    throw invalid(
      `1 validation error detected: Value '${vpc.assignPublicIp}' at 'networkConfiguration.awsvpcConfiguration.assignPublicIp' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
    );
  }
}

/** Container overrides must name containers of the task definition. */
export function checkOverrides(taskDefinition: TaskDefinitionRecord, overrides: any): void {
  const names = new Set((taskDefinition.document.containerDefinitions ?? []).map((c: any) => c.name));
  for (const override of overrides?.containerOverrides ?? []) {
    if (!names.has(override.name)) {
      throw invalid(`Override for container named ${override.name} is not a container in the TaskDefinition.`);
    }
    if (override.command !== undefined && !Array.isArray(override.command)) throw invalid('command must be a list of strings.');
  }
}
