import type { Cluster, ContainerDefinition, ECSClient } from '@aws-sdk/client-ecs';
import type { Logger } from '../logger.js';
import { describeActiveCluster } from './cluster.js';
import { checkLaunchFit } from './launch-fit.js';
import { resolvePlacement, type Placement } from './network.js';
import type { MigrationSettings } from './settings.js';
import { chooseContainer, readTaskDefinition, type PlannedTaskDefinition } from './task-definition.js';

/** Everything a migration needs to start, read and checked without changing anything in AWS. */
export interface MigrationPlan {
  cluster: Cluster;
  taskDefinition: PlannedTaskDefinition;
  container: ContainerDefinition;
  placement: Placement;
}

/**
 * The read-only half of a migration: the cluster exists and is ACTIVE, the task definition
 * (a rendered file as written, or the registered revision) has the container, the service to copy
 * the network from exists, and the placement fits the task definition and the cluster. Every
 * mistake found here is found before the first call that changes anything.
 */
export async function planMigration(
  settings: MigrationSettings,
  deps: { ecs: Pick<ECSClient, 'send'>; region: string; logger: Logger },
): Promise<MigrationPlan> {
  const { ecs, logger } = deps;
  const cluster = await describeActiveCluster({ ecs, cluster: settings.cluster, region: deps.region });
  const taskDefinition = await readTaskDefinition({ ecs, source: settings.taskDefinition, logger });
  const container = chooseContainer(taskDefinition, settings.container);
  const placement = await resolvePlacement({ ecs, cluster: settings.cluster, network: settings.network, logger });
  checkLaunchFit({ placement, planned: taskDefinition, cluster, network: settings.network });
  return { cluster, taskDefinition, container, placement };
}
