import { DescribeClustersCommand, type Cluster, type ECSClient } from '@aws-sdk/client-ecs';
import { invalidSetting } from '../inputs/setting-error.js';

/**
 * The cluster the migration runs in, described before anything changes: a missing or inactive
 * cluster is the user's to fix, said as a setting error (the action names the input) rather than RunTask's bare
 * ClusterNotFoundException after the task definition was already registered.
 */
export async function describeActiveCluster(options: { ecs: Pick<ECSClient, 'send'>; cluster: string; region: string }): Promise<Cluster> {
  const { clusters, failures } = await options.ecs.send(new DescribeClustersCommand({ clusters: [options.cluster] }));
  const found = clusters?.[0];
  if (found?.status === 'ACTIVE') return found;
  const reason = found?.status ?? failures?.[0]?.reason ?? 'MISSING';
  throw invalidSetting('cluster', options.cluster, `an ACTIVE cluster of ${options.region} (${reason})`);
}
