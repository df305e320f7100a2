import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { ActionFailure } from '../errors.js';
import type { RunSettings } from './desired.js';

/** What the schedules borrow from the service: where it runs, how, and the revision it runs. */
export interface ServiceSettings {
  run: RunSettings;
  taskDefinitionArn: string;
}

export async function serviceSettings(ecs: ECSClient, cluster: string, service: string): Promise<ServiceSettings> {
  const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = answer.services?.find((s) => s.status !== 'INACTIVE');
  if (!found?.taskDefinition || !found.clusterArn) {
    throw new ActionFailure(
      `Service ${service} was not found in cluster ${cluster} (schedules run its task definition and network settings).`,
    );
  }
  const vpc = found.networkConfiguration?.awsvpcConfiguration;
  return {
    taskDefinitionArn: found.taskDefinition,
    run: {
      clusterArn: found.clusterArn,
      launchType: found.capacityProviderStrategy?.length ? undefined : found.launchType,
      capacityProviderStrategy: found.capacityProviderStrategy,
      platformVersion: found.platformVersion,
      network: vpc?.subnets?.length
        ? { subnets: vpc.subnets, securityGroups: vpc.securityGroups ?? [], assignPublicIp: vpc.assignPublicIp === 'ENABLED' }
        : undefined,
    },
  };
}

/** A revision (ARN, family:revision, or a family for its latest ACTIVE revision): its full ARN and containers. */
export async function taskDefinitionContainers(ecs: ECSClient, reference: string): Promise<{ arn: string; containers: string[] }> {
  const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference }));
  return {
    arn: taskDefinition?.taskDefinitionArn ?? reference,
    containers: (taskDefinition?.containerDefinitions ?? []).map((c) => c.name ?? ''),
  };
}
