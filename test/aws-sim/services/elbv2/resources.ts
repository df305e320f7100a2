import { AwsError } from '../../errors.js';
import type { SimModes } from '../../modes.js';
import type { World } from '../../world.js';
import { elbState, latestActions, type ListenerRecord, type LoadBalancerRecord, type RuleRecord, type TargetGroupRecord } from './state.js';

/** Finding resources by ARN with ELBv2's not-found errors, and which target groups are in use where. */

export const lbNotFound = () => new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
export const tgNotFound = () => new AwsError('TargetGroupNotFound', 'One or more target groups not found');
export const listenerNotFound = () => new AwsError('ListenerNotFound', 'One or more listeners not found');
export const ruleNotFound = () => new AwsError('RuleNotFound', 'One or more rules not found');

/** Whether a read by this caller sees the resource yet (modes.elbCreateLagMs: reads lag creates). */
export function visible(world: World, arn: string, modes: SimModes, now = Date.now()): boolean {
  const created = elbState(world).createdAt.get(arn);
  return created === undefined || modes.elbCreateLagMs <= 0 || created + modes.elbCreateLagMs <= now;
}

export function requireLoadBalancer(world: World, arn: unknown): LoadBalancerRecord {
  const lb = elbState(world).loadBalancers.get(String(arn ?? ''));
  if (!lb) throw lbNotFound();
  return lb;
}

export function requireTargetGroup(world: World, arn: unknown): TargetGroupRecord {
  const tg = elbState(world).targetGroups.get(String(arn ?? ''));
  if (!tg) throw tgNotFound();
  return tg;
}

export function requireListener(world: World, arn: unknown): ListenerRecord {
  const listener = elbState(world).listeners.get(String(arn ?? ''));
  if (!listener) throw listenerNotFound();
  return listener;
}

export function requireRule(world: World, arn: unknown): RuleRecord {
  const rule = elbState(world).rules.get(String(arn ?? ''));
  if (!rule) throw ruleNotFound();
  return rule;
}

/** Target group ARNs an action list forwards to. */
export function forwardedGroups(actions: Array<Record<string, any>>): string[] {
  const arns = actions
    .filter((a) => a.Type === 'forward')
    .flatMap((a) => [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t: any) => t.TargetGroupArn)]);
  return [...new Set(arns.filter(Boolean))];
}

/** The load balancers whose listeners or rules forward to this target group (its LoadBalancerArns). */
export function loadBalancersOf(world: World, tgArn: string): string[] {
  const state = elbState(world);
  const arns = new Set<string>();
  for (const listener of state.listeners.values()) {
    const rules = [...state.rules.values()].filter((r) => r.listenerArn === listener.arn);
    const lists = [latestActions(listener.defaultActions), ...rules.map((r) => latestActions(r.actions))];
    if (lists.some((actions) => forwardedGroups(actions).includes(tgArn))) arns.add(listener.loadBalancerArn);
  }
  return [...arns];
}
