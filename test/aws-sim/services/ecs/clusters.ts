import { AwsError } from '../../errors.js';
import type { Handler, RequestContext } from '../../types.js';
import type { World } from '../../world.js';
import { ecsState, now, type ClusterRecord } from './state.js';

/** CreateCluster, DescribeClusters, ListClusters, DeleteCluster, and cluster lookup for the other handlers. */

export const clusterArnOf = (ctx: Pick<RequestContext, 'region' | 'accountId'>, name: string): string =>
  `arn:aws:ecs:${ctx.region}:${ctx.accountId}:cluster/${name}`;

/** A cluster reference (name or ARN, "default" when omitted) as an ARN. */
export function clusterArnFromRef(ctx: Pick<RequestContext, 'region' | 'accountId'>, ref?: string): string {
  if (!ref) return clusterArnOf(ctx, 'default');
  return ref.startsWith('arn:') ? ref : clusterArnOf(ctx, ref);
}

export function findCluster(world: World, arn: string): ClusterRecord | undefined {
  const cluster = ecsState(world).clusters.get(arn);
  return cluster?.status === 'ACTIVE' ? cluster : undefined;
}

/** The ACTIVE cluster a request names, or ClusterNotFoundException as ECS answers. */
export function requireCluster(ctx: RequestContext, ref?: string): ClusterRecord {
  const cluster = findCluster(ctx.world, clusterArnFromRef(ctx, ref));
  if (!cluster) throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

function describeCluster(world: World, cluster: ClusterRecord, include: string[]) {
  const { services, tasks } = ecsState(world);
  const live = [...tasks.values()].filter((t) => t.clusterArn === cluster.arn && t.lastStatus !== 'STOPPED');
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: live.filter((t) => t.lastStatus !== 'RUNNING').length,
    activeServicesCount: [...services.values()].filter((s) => s.clusterArn === cluster.arn && s.status === 'ACTIVE').length,
    statistics: [],
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
    ...(include.includes('SETTINGS') || cluster.settings.length ? { settings: cluster.settings } : {}),
    ...(include.includes('TAGS') ? { tags: cluster.tags } : {}),
    ...(include.includes('CONFIGURATIONS') && cluster.configuration ? { configuration: cluster.configuration } : {}),
    attachments: [],
  };
}

export const clusterHandlers: Record<string, Handler> = {
  CreateCluster(input, ctx) {
    const name = input.clusterName ?? 'default';
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        'Cluster name can only contain up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.',
      );
    }
    const arn = clusterArnOf(ctx, name);
    const { clusters } = ecsState(ctx.world);
    let cluster = findCluster(ctx.world, arn);
    if (!cluster) {
      cluster = {
        arn,
        name,
        region: ctx.region,
        status: 'ACTIVE',
        createdAt: now(),
        tags: input.tags ?? [],
        settings: input.settings ?? [],
        capacityProviders: input.capacityProviders ?? [],
        defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
        configuration: input.configuration,
      };
      clusters.set(arn, cluster);
    }
    return { cluster: describeCluster(ctx.world, cluster, ['TAGS']) };
  },

  DescribeClusters(input, ctx) {
    const refs: string[] = input.clusters?.length ? input.clusters : ['default'];
    const include: string[] = input.include ?? [];
    const clusters = [];
    const failures = [];
    for (const ref of refs) {
      const arn = clusterArnFromRef(ctx, ref);
      const cluster = ecsState(ctx.world).clusters.get(arn);
      if (cluster) clusters.push(describeCluster(ctx.world, cluster, include));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { clusters, failures };
  },

  ListClusters(input, ctx) {
    const arns = [...ecsState(ctx.world).clusters.values()].filter((c) => c.status === 'ACTIVE').map((c) => c.arn);
    return paginate(arns, input, 'clusterArns');
  },

  DeleteCluster(input, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const { services, tasks } = ecsState(ctx.world);
    if ([...services.values()].some((s) => s.clusterArn === cluster.arn && s.status !== 'INACTIVE')) {
      throw new AwsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
    }
    if ([...tasks.values()].some((t) => t.clusterArn === cluster.arn && t.lastStatus !== 'STOPPED')) {
      throw new AwsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
    }
    cluster.status = 'INACTIVE';
    return { cluster: describeCluster(ctx.world, cluster, []) };
  },
};

/** ECS-style pagination: nextToken is an opaque offset. */
export function paginate<T>(items: T[], input: { maxResults?: number; nextToken?: string }, key: string) {
  const start = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64').toString('utf8')) || 0 : 0;
  const size = input.maxResults ?? 100;
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return { [key]: page, ...(next ? { nextToken: next } : {}) };
}
