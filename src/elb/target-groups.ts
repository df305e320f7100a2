import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { invalidSetting } from '../inputs/setting-error.js';
import { notFound, type Elbv2 } from './listener-actions.js';

/** Target groups by name or ARN. */

export interface TargetGroupRef {
  arn: string;
  name: string;
}

/** The ARN of a target group named by ARN or name; `setting` names it when ELBv2 does not know it. */
export async function resolveTargetGroup(elbv2: Elbv2, nameOrArn: string, setting: string): Promise<TargetGroupRef> {
  const byArn = nameOrArn.startsWith('arn:');
  const answer = await elbv2
    .send(new DescribeTargetGroupsCommand(byArn ? { TargetGroupArns: [nameOrArn] } : { Names: [nameOrArn] }))
    .catch(notFound('TargetGroupNotFound', setting, nameOrArn, 'a target group that exists in this account and region'));
  const group = answer.TargetGroups?.[0];
  if (!group?.TargetGroupArn) throw invalidSetting(setting, nameOrArn, 'a target group that exists in this account and region');
  return { arn: group.TargetGroupArn, name: group.TargetGroupName ?? shortTargetGroupName(group.TargetGroupArn) };
}

/** arn:...:targetgroup/api-beta/73e2d6bc24d8a067 -> api-beta. */
export function shortTargetGroupName(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}
