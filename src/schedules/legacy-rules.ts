import type { EventBridgeClient, Target } from '@aws-sdk/client-eventbridge';
import { putRuleTargets, ruleRef, ruleTargets, type RuleRef } from '../scheduler/rules.js';
import { familyOf } from '../ecs/names.js';

/**
 * EventBridge rules that still run the service's cron jobs as ECS targets (the original
 * pipeline's CloudWatch Events): each ECS target of the deployed family is pointed at the
 * deployed revision, whole (PutTargets replaces a target), and nothing else is touched.
 */
export interface RuleRetarget {
  rule: string;
  ref: RuleRef;
  targetId: string;
  from: string;
  to: string;
  target: Target;
}

export async function planLegacyRules(events: EventBridgeClient, rules: string[], taskDefinitionArn: string): Promise<RuleRetarget[]> {
  const family = familyOf(taskDefinitionArn);
  const plan: RuleRetarget[] = [];
  for (const rule of rules) {
    const ref = ruleRef(rule);
    for (const target of await ruleTargets(events, ref)) {
      const from = target.EcsParameters?.TaskDefinitionArn;
      if (!from || familyOf(from) !== family || from === taskDefinitionArn) continue;
      plan.push({
        rule,
        ref,
        targetId: target.Id ?? '',
        from,
        to: taskDefinitionArn,
        target: { ...target, EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: taskDefinitionArn } },
      });
    }
  }
  return plan;
}

export async function applyLegacyRules(events: EventBridgeClient, plan: RuleRetarget[]): Promise<void> {
  const byRule = new Map<string, RuleRetarget[]>();
  for (const entry of plan) byRule.set(entry.rule, [...(byRule.get(entry.rule) ?? []), entry]);
  for (const entries of byRule.values())
    await putRuleTargets(
      events,
      entries[0].ref,
      entries.map((e) => e.target),
    );
}
