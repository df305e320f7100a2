import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isElbError } from './error-code.js';
import { systemClock } from '../wait/clock.js';
import { toElbTags } from './tags.js';

/** Target groups a preview creates, finds and deletes (target-groups.ts resolves the ones users name). */

type Elb = Pick<ElasticLoadBalancingV2Client, 'send'>;

/** The target group of this name, or undefined (DescribeTargetGroups answers TargetGroupNotFound). */
export async function findTargetGroup(elb: Elb, name: string): Promise<TargetGroup | undefined> {
  try {
    const answer = await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }));
    return answer.TargetGroups?.[0];
  } catch (error) {
    if (isElbError(error, 'TargetGroupNotFound')) return undefined;
    throw error;
  }
}

/** Every target group of the account and region (pages of 400). */
export async function listTargetGroups(elb: Elb): Promise<TargetGroup[]> {
  const groups: TargetGroup[] = [];
  let Marker: string | undefined;
  do {
    const answer = await elb.send(new DescribeTargetGroupsCommand({ Marker, PageSize: 400 }));
    groups.push(...(answer.TargetGroups ?? []));
    Marker = answer.NextMarker;
  } while (Marker);
  return groups;
}

/**
 * An IP target group (what an awsvpc ECS service registers into) with an HTTP health check,
 * tagged from its creation.
 */
export async function createIpTargetGroup(
  elb: Elb,
  spec: { name: string; vpcId: string; port: number; healthCheckPath: string; tags: Record<string, string> },
): Promise<TargetGroup> {
  const answer = await elb.send(
    new CreateTargetGroupCommand({
      Name: spec.name,
      Protocol: 'HTTP',
      Port: spec.port,
      VpcId: spec.vpcId,
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPath: spec.healthCheckPath,
      Tags: toElbTags(spec.tags),
    }),
  );
  const group = answer.TargetGroups?.[0];
  if (!group?.TargetGroupArn) throw new Error('CreateTargetGroup returned no target group');
  return group;
}

/** ELBv2 may still see a just-deleted rule's use of the group for a moment. */
const IN_USE_LOOKS = 5;
const IN_USE_INTERVAL_MS = 1000;

/** Deletes a target group; one already gone is fine. Retried a few times while ELBv2 still says ResourceInUse. */
export async function deleteTargetGroup(elb: Elb, arn: string, sleep = systemClock.sleep): Promise<'deleted' | 'gone'> {
  for (let look = 1; ; look++) {
    try {
      await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
      return 'deleted';
    } catch (error) {
      if (isElbError(error, 'TargetGroupNotFound')) return 'gone';
      if (!isElbError(error, 'ResourceInUse') || look === IN_USE_LOOKS) throw error;
      await sleep(IN_USE_INTERVAL_MS);
    }
  }
}
