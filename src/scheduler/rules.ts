import {
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type EventBridgeClient,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { errorName } from '../aws/error-kind.js';

/** EventBridge rules with ECS targets (CloudWatch Events, before Scheduler): read and retarget. */

export interface RuleRef {
  rule: string;
  bus?: string;
}

/** "rule" or "bus/rule". */
export function ruleRef(text: string): RuleRef {
  const at = text.lastIndexOf('/');
  return at < 0 ? { rule: text } : { bus: text.slice(0, at), rule: text.slice(at + 1) };
}

export class RuleNotFound extends Error {}

/** Every target of a rule; the rule must exist. */
export async function ruleTargets(client: EventBridgeClient, ref: RuleRef): Promise<Target[]> {
  try {
    await client.send(new DescribeRuleCommand({ Name: ref.rule, EventBusName: ref.bus }));
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') {
      throw new RuleNotFound(`EventBridge rule "${ref.rule}"${ref.bus ? ` on bus "${ref.bus}"` : ''} does not exist (legacy-rules)`);
    }
    throw error;
  }
  const targets: Target[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListTargetsByRuleCommand({ Rule: ref.rule, EventBusName: ref.bus, NextToken }));
    targets.push(...(page.Targets ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return targets;
}

/** PutTargets replaces each target whole: `targets` are complete. Throws on any failed entry. */
export async function putRuleTargets(client: EventBridgeClient, ref: RuleRef, targets: Target[]): Promise<void> {
  const answer = await client.send(new PutTargetsCommand({ Rule: ref.rule, EventBusName: ref.bus, Targets: targets }));
  const [failed] = answer.FailedEntries ?? [];
  if (answer.FailedEntryCount || failed) {
    throw new Error(`PutTargets on rule "${ref.rule}" failed for target ${failed?.TargetId}: ${failed?.ErrorCode} ${failed?.ErrorMessage}`);
  }
}
