import type { CapacityProviderStrategyItem, Cluster, TaskDefinition } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '../errors.js';
import { invalidSetting } from '../inputs/setting-error.js';
import type { Placement } from './network.js';
import type { NetworkSettings } from './settings.js';
import type { PlannedTaskDefinition } from './task-definition.js';

const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT']);

/**
 * What RunTask would refuse about where the task runs, said before anything changes: a task
 * definition and a placement that do not fit (awsvpc without subnets, subnets for another network
 * mode, Fargate for an EC2-only definition, a public IP off Fargate) and capacity providers the
 * cluster does not have. Only what is known is checked: nothing ECS accepts is refused.
 */
export function checkLaunchFit(options: {
  placement: Placement;
  planned: Pick<PlannedTaskDefinition, 'definition' | 'name'>;
  cluster: Cluster;
  network: NetworkSettings;
}): void {
  const { placement, planned, cluster, network } = options;
  checkCapacityProviders(network.capacityProviderStrategy, cluster);
  const mode = planned.definition.networkMode;
  const vpc = placement.networkConfiguration?.awsvpcConfiguration;
  if (mode === 'awsvpc' && !vpc) {
    throw new ConfigurationError(
      `Task definition ${planned.name} uses networkMode awsvpc: set "service" to copy its network configuration, or "subnets" and "security-groups".`,
    );
  }
  if (mode && mode !== 'awsvpc' && vpc) {
    const from = network.subnets.length ? 'input "subnets"' : `service ${network.service}`;
    throw new ConfigurationError(
      `Task definition ${planned.name} uses networkMode ${mode}, which takes no subnets or security groups (given by ${from}): use an awsvpc task definition or leave them out.`,
    );
  }
  const runsOn = launchPlatform(placement, cluster);
  const notFargate = runsOn?.platform === 'FARGATE' ? whyNotFargate(planned.definition) : undefined;
  if (runsOn && notFargate) {
    throw new ConfigurationError(
      `Task definition ${planned.name} cannot run on Fargate (${notFargate}), where ${launchSource(network, runsOn.fromCluster, cluster)} runs it.`,
    );
  }
  if (runsOn?.platform === 'EC2' && vpc?.assignPublicIp === 'ENABLED') {
    throw new ConfigurationError(
      `A public IP is for Fargate tasks only, and ${launchSource(network, runsOn.fromCluster, cluster)} runs this one on ${placement.launchType ?? 'EC2 capacity providers'}: leave "assign-public-ip" unset or false.`,
    );
  }
}

/**
 * Why ECS would refuse this definition on Fargate, when that is known: a registered revision lists
 * the launch types ECS found it compatible with (ECS computes them, whatever requiresCompatibilities
 * says); of a file not yet registered only a network mode other than awsvpc is certain.
 */
function whyNotFargate(definition: TaskDefinition): string | undefined {
  const { compatibilities, networkMode } = definition;
  if (compatibilities) return compatibilities.includes('FARGATE') ? undefined : `it is compatible with ${compatibilities.join(', ')}`;
  return networkMode && networkMode !== 'awsvpc' ? `it uses networkMode ${networkMode}` : undefined;
}

/** Explicit capacity providers must be associated with the cluster (RunTask refuses others). */
function checkCapacityProviders(strategy: CapacityProviderStrategyItem[] | undefined, cluster: Cluster): void {
  const associated = cluster.capacityProviders ?? [];
  const missing = strategy?.find((item) => !associated.includes(item.capacityProvider!));
  if (!missing) return;
  const has = associated.length ? `it has ${associated.join(', ')}` : 'it has none';
  throw invalidSetting(
    'capacityProviderStrategy',
    missing.capacityProvider!,
    `capacity providers of cluster ${cluster.clusterName} (${has})`,
  );
}

/**
 * Fargate or EC2, when the placement (or the cluster's default strategy) settles it; undefined for
 * a mixed strategy or when ECS picks (no launch type, no strategy anywhere).
 */
function launchPlatform(placement: Placement, cluster: Cluster): { platform: 'FARGATE' | 'EC2'; fromCluster: boolean } | undefined {
  if (placement.launchType) return { platform: placement.launchType === 'FARGATE' ? 'FARGATE' : 'EC2', fromCluster: false };
  const own = placement.capacityProviderStrategy;
  const strategy = own?.length ? own : cluster.defaultCapacityProviderStrategy;
  if (!strategy?.length) return undefined;
  const fargate = strategy.filter((item) => FARGATE_PROVIDERS.has(item.capacityProvider ?? ''));
  if (fargate.length && fargate.length < strategy.length) return undefined;
  return { platform: fargate.length ? 'FARGATE' : 'EC2', fromCluster: !own?.length };
}

function launchSource(network: NetworkSettings, fromCluster: boolean, cluster: Cluster): string {
  if (fromCluster) return `the default capacity provider strategy of cluster ${cluster.clusterName}`;
  if (network.launchType) return 'input "launch-type"';
  if (network.capacityProviderStrategy?.length) return 'input "capacity-provider-strategy"';
  return `service ${network.service}`;
}
