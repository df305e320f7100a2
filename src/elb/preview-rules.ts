import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  type ElasticLoadBalancingV2Client,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isElbError } from './error-code.js';
import { ActionFailure } from '../errors.js';
import { toElbTags } from './tags.js';

type Elb = Pick<ElasticLoadBalancingV2Client, 'send'>;

/** A range of listener rule priorities reserved for one use (1 to 50000, ELBv2's range). */
export interface PriorityBand {
  first: number;
  last: number;
}

/** Every rule of a listener, the default rule included (pages of 400). */
export async function listRules(elb: Elb, listenerArn: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  let Marker: string | undefined;
  do {
    const answer = await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker, PageSize: 400 }));
    rules.push(...(answer.Rules ?? []));
    Marker = answer.NextMarker;
  } while (Marker);
  return rules;
}

/** The host names a rule matches (host-header conditions, either form ELBv2 accepts). */
export function ruleHosts(rule: Rule): string[] {
  return (rule.Conditions ?? [])
    .filter((c) => c.Field === 'host-header')
    .flatMap((c) => [...(c.HostHeaderConfig?.Values ?? []), ...(c.Values ?? [])])
    .map((host) => host.toLowerCase());
}

const priorityOf = (rule: Rule): number | undefined => (rule.Priority && /^\d+$/.test(rule.Priority) ? Number(rule.Priority) : undefined);

/** Priorities of the band nobody holds, lowest first. */
export function freePriorities(rules: Rule[], band: PriorityBand): number[] {
  const used = new Set(rules.map(priorityOf).filter((p): p is number => p !== undefined));
  const free: number[] = [];
  for (let p = band.first; p <= band.last; p++) if (!used.has(p)) free.push(p);
  return free;
}

/** How many times another run may take the priority we chose before we give up. */
const PRIORITY_ATTEMPTS = 10;

/**
 * A forward rule for one host, at the lowest free priority of the band. Another run (another
 * pull request's preview) may take that priority between our listing and our CreateRule: ELBv2
 * answers PriorityInUse and the next free one is tried, the rules listed again every few tries.
 */
export async function createHostRule(
  elb: Elb,
  spec: { listenerArn: string; host: string; targetGroupArn: string; band: PriorityBand; tags: Record<string, string>; rules?: Rule[] },
): Promise<Rule> {
  let rules = spec.rules ?? (await listRules(elb, spec.listenerArn));
  const tried = new Set<number>();
  for (let attempt = 1; attempt <= PRIORITY_ATTEMPTS; attempt++) {
    const priority = freePriorities(rules, spec.band).find((p) => !tried.has(p));
    if (priority === undefined) {
      throw new ActionFailure(
        `No free listener rule priority left in ${spec.band.first}-${spec.band.last} on ${spec.listenerArn}: remove previews or widen the band`,
      );
    }
    try {
      const answer = await elb.send(
        new CreateRuleCommand({
          ListenerArn: spec.listenerArn,
          Priority: priority,
          Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [spec.host] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: spec.targetGroupArn }],
          Tags: toElbTags(spec.tags),
        }),
      );
      return answer.Rules![0];
    } catch (error) {
      if (!isElbError(error, 'PriorityInUse')) throw error;
      tried.add(priority);
      if (attempt % 3 === 0) rules = await listRules(elb, spec.listenerArn);
    }
  }
  throw new ActionFailure(
    `Listener rule priorities in ${spec.band.first}-${spec.band.last} kept being taken by others: tried ${[...tried].join(', ')}`,
  );
}

/** Deletes a rule; one already gone is fine. */
export async function deleteRule(elb: Elb, ruleArn: string): Promise<'deleted' | 'gone'> {
  try {
    await elb.send(new DeleteRuleCommand({ RuleArn: ruleArn }));
    return 'deleted';
  } catch (error) {
    if (isElbError(error, 'RuleNotFound')) return 'gone';
    throw error;
  }
}
