import { DescribeTagsCommand, type ElasticLoadBalancingV2Client, type Tag } from '@aws-sdk/client-elastic-load-balancing-v2';

type Elb = Pick<ElasticLoadBalancingV2Client, 'send'>;

/** DescribeTags takes at most 20 resource ARNs per call. */
export const DESCRIBE_TAGS_MAX = 20;

export const toElbTags = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
export const fromElbTags = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

/** The tags of ELBv2 resources (load balancers, target groups, listeners, rules), by ARN. */
export async function tagsOf(elb: Elb, arns: string[]): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  for (let at = 0; at < arns.length; at += DESCRIBE_TAGS_MAX) {
    const answer = await elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(at, at + DESCRIBE_TAGS_MAX) }));
    for (const item of answer.TagDescriptions ?? []) if (item.ResourceArn) found.set(item.ResourceArn, fromElbTags(item.Tags));
  }
  return found;
}
