import {
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  type Service,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { errorName } from '../aws/error-kind.js';
import { shortName } from '../ecs/names.js';
import { fromEcsTags, type Tags } from './tags.js';
import type { Ecs } from './types.js';

/** DescribeServices takes at most 10 services per call. */
const DESCRIBE_MAX = 10;

export interface TaggedService {
  service: Service;
  tags: Tags;
}

/** A service with its tags (ACTIVE, DRAINING or INACTIVE as ECS shows it), or undefined when ECS does not know it. */
export async function describeTaggedService(ecs: Ecs, cluster: string, service: string): Promise<TaggedService | undefined> {
  const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [service], include: ['TAGS'] }));
  const found = answer.services?.[0];
  return found ? { service: found, tags: fromEcsTags(found.tags) } : undefined;
}

/** Every ACTIVE or DRAINING service of the cluster with its tags (ListServices shows ACTIVE ones; DescribeServices adds the tags). */
export async function listTaggedServices(ecs: Ecs, cluster: string): Promise<TaggedService[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 }));
    arns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const found: TaggedService[] = [];
  for (let at = 0; at < arns.length; at += DESCRIBE_MAX) {
    const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: arns.slice(at, at + DESCRIBE_MAX), include: ['TAGS'] }));
    for (const service of answer.services ?? []) found.push({ service, tags: fromEcsTags(service.tags) });
  }
  return found;
}

/** The capacity providers associated with the cluster. */
export async function clusterCapacityProviders(ecs: Ecs, cluster: string): Promise<string[]> {
  const answer = await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }));
  return answer.clusters?.[0]?.capacityProviders ?? [];
}

/**
 * Scales the service to 0, then deletes it: it is DRAINING while its tasks stop, then INACTIVE.
 * (ECS refuses to delete a service scaled above 0 without `force`.) A service already draining
 * or gone is fine.
 */
export async function deleteService(ecs: Ecs, cluster: string, service: string): Promise<'deleted' | 'gone'> {
  try {
    await ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount: 0 }));
    await ecs.send(new DeleteServiceCommand({ cluster, service }));
    return 'deleted';
  } catch (error) {
    if (['ServiceNotFoundException', 'ServiceNotActiveException'].includes(errorName(error))) return 'gone';
    throw error;
  }
}

export const serviceName = (service: Service): string => service.serviceName ?? shortName(service.serviceArn ?? '');
