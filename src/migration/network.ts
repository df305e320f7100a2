import {
  DescribeServicesCommand,
  type AwsVpcConfiguration,
  type CapacityProviderStrategyItem,
  type ECSClient,
  type LaunchType,
  type NetworkConfiguration,
} from '@aws-sdk/client-ecs';
import { invalidSetting } from '../inputs/setting-error.js';
import type { Logger } from '../logger.js';
import type { NetworkSettings } from './settings.js';

/** The RunTask fields that say where a task runs. */
export interface Placement {
  networkConfiguration?: NetworkConfiguration;
  launchType?: LaunchType;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
}

/**
 * Where the migration runs: the service's network configuration, launch type or capacity provider
 * strategy and platform version (so it reaches the database the service reaches), with each
 * explicit input replacing the matching field.
 */
export async function resolvePlacement(options: {
  ecs: Pick<ECSClient, 'send'>;
  cluster: string;
  network: NetworkSettings;
  logger: Logger;
}): Promise<Placement> {
  const { network } = options;
  const base = network.service ? await servicePlacement(options.ecs, options.cluster, network.service) : {};
  const placement = applyExplicit(base, network);
  options.logger.info(describePlacement(placement, network.service));
  return placement;
}

async function servicePlacement(ecs: Pick<ECSClient, 'send'>, cluster: string, name: string): Promise<Placement> {
  const { services, failures } = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  const service = services?.find((s) => s.status !== 'INACTIVE');
  if (!service) {
    const reason = failures?.[0]?.reason ?? (services?.length ? 'INACTIVE' : 'MISSING');
    throw invalidSetting('service', name, `an active service of cluster ${cluster} to copy the network from (${reason})`);
  }
  return clean({
    networkConfiguration: service.networkConfiguration,
    launchType: service.capacityProviderStrategy?.length ? undefined : service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy?.length ? service.capacityProviderStrategy : undefined,
    platformVersion: service.platformVersion,
  });
}

/** Explicit inputs win, field by field; a launch type and a strategy exclude each other. */
export function applyExplicit(base: Placement, network: NetworkSettings): Placement {
  const vpc: AwsVpcConfiguration | undefined = base.networkConfiguration?.awsvpcConfiguration;
  const subnets = network.subnets.length ? network.subnets : vpc?.subnets;
  const awsvpc: AwsVpcConfiguration | undefined = subnets?.length
    ? clean({
        subnets,
        securityGroups: network.securityGroups.length ? network.securityGroups : vpc?.securityGroups,
        assignPublicIp: network.assignPublicIp ?? vpc?.assignPublicIp,
      })
    : undefined;
  const explicitCapacity = Boolean(network.launchType || network.capacityProviderStrategy?.length);
  return clean({
    networkConfiguration: awsvpc ? { awsvpcConfiguration: awsvpc } : undefined,
    launchType: explicitCapacity ? network.launchType : base.launchType,
    capacityProviderStrategy: explicitCapacity ? network.capacityProviderStrategy : base.capacityProviderStrategy,
    platformVersion: network.platformVersion ?? base.platformVersion,
  });
}

export function describePlacement(placement: Placement, service?: string): string {
  const vpc = placement.networkConfiguration?.awsvpcConfiguration;
  const parts = [
    vpc ? `subnets ${vpc.subnets?.join(', ')}` : 'no awsvpc network configuration',
    vpc?.securityGroups?.length ? `security groups ${vpc.securityGroups.join(', ')}` : undefined,
    vpc?.assignPublicIp ? `public IP ${vpc.assignPublicIp}` : undefined,
    placement.launchType ? `launch type ${placement.launchType}` : undefined,
    placement.capacityProviderStrategy?.length
      ? `capacity providers ${placement.capacityProviderStrategy.map((i) => `${i.capacityProvider}:${i.weight ?? 0}${i.base ? `:${i.base}` : ''}`).join(', ')}`
      : undefined,
    placement.platformVersion ? `platform ${placement.platformVersion}` : undefined,
  ].filter(Boolean);
  return `Placement: ${parts.join('; ')}${service ? ` (from service ${service})` : ''}`;
}

/** Drops undefined fields, so requests carry only what is set. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
