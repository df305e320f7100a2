import { CONTROL_VERBS, setModes } from '../../control.js';
import type { RequestContext } from '../../types.js';
import type { World } from '../../world.js';
import { listenerHandlers } from './listeners.js';
import { loadBalancerHandlers } from './load-balancers.js';
import { requireListener, requireRule, requireTargetGroup } from './resources.js';
import { appliedActions, elbState, latestActions, setElbTimings, type ElbTimings } from './state.js';
import { targetGroupHandlers } from './target-groups.js';
import { healthOf, setTargetHealth } from './targets.js';

/**
 * Seeding and reading ELBv2 state in tests without the API (the same handlers run, so the same
 * checks apply), and the control verbs under /_sim/elbv2/. Documented in test/aws-sim/README.md.
 */

export interface SeedAlbOptions {
  /** Load balancer name (default "app"); target groups are `<name>-<suffix>`. */
  name?: string;
  region?: string;
  scheme?: 'internet-facing' | 'internal';
  /** Listener port and protocol (default 80, HTTP). */
  port?: number;
  /** Target group suffixes (default ["blue", "green"]), each `ip` on port 8080. */
  targetGroups?: string[];
  targetPort?: number;
  targetType?: 'ip' | 'instance';
  /** The listener's default forward weights, one per target group (default [1, 0]: all to the first). */
  weights?: number[];
}

export interface SeededAlb {
  loadBalancerArn: string;
  dnsName: string;
  listenerArn: string;
  /** The listener's default rule (DescribeRules IsDefault). */
  defaultRuleArn: string;
  /** In the order of `targetGroups`. */
  targetGroupArns: string[];
}

const contextOf = (world: World, region = 'us-east-1'): RequestContext => ({
  world,
  region,
  accountId: world.accountId,
  headers: {},
  modes: world.modes,
});

/** An application load balancer with one listener forwarding to two (or more) target groups by weight. */
export async function seedAlb(world: World, options: SeedAlbOptions = {}): Promise<SeededAlb> {
  const ctx = contextOf(world, options.region);
  const name = options.name ?? 'app';
  const suffixes = options.targetGroups ?? ['blue', 'green'];
  const weights = options.weights ?? suffixes.map((_, i) => (i === 0 ? 1 : 0));
  if (weights.length !== suffixes.length) throw new Error('seedAlb: give one weight per target group');
  const lb = (await loadBalancerHandlers.CreateLoadBalancer(
    {
      Name: name,
      Subnets: ['subnet-0aaa1111', 'subnet-0bbb2222'],
      SecurityGroups: ['sg-0abc'],
      Scheme: options.scheme ?? 'internet-facing',
    },
    ctx,
  )) as any;
  const targetGroupArns: string[] = [];
  for (const suffix of suffixes) {
    const tg = (await targetGroupHandlers.CreateTargetGroup(
      {
        Name: `${name}-${suffix}`,
        Protocol: 'HTTP',
        Port: options.targetPort ?? 8080,
        VpcId: lb.LoadBalancers[0].VpcId,
        TargetType: options.targetType ?? 'ip',
      },
      ctx,
    )) as any;
    targetGroupArns.push(tg.TargetGroups[0].TargetGroupArn);
  }
  const listener = (await listenerHandlers.CreateListener(
    {
      LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn,
      Protocol: 'HTTP',
      Port: options.port ?? 80,
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: { TargetGroups: targetGroupArns.map((TargetGroupArn, i) => ({ TargetGroupArn, Weight: weights[i] })) },
        },
      ],
    },
    ctx,
  )) as any;
  const listenerArn = listener.Listeners[0].ListenerArn;
  const defaultRule = [...elbState(world).rules.values()].find((r) => r.listenerArn === listenerArn && r.priority === 'default')!;
  // Seeded resources are visible at once, whatever the create lag.
  for (const arn of [lb.LoadBalancers[0].LoadBalancerArn, listenerArn, ...targetGroupArns]) elbState(world).createdAt.delete(arn);
  return {
    loadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn,
    dnsName: lb.LoadBalancers[0].DNSName,
    listenerArn,
    defaultRuleArn: defaultRule.arn,
    targetGroupArns,
  };
}

export interface ForwardWeight {
  targetGroupArn: string;
  weight: number;
}

/**
 * The weights of the forward action of a listener (its default actions) or a rule. `applied`
 * (default): what the ALB routes by now, weightApplyMs after the last change; `latest`: what was
 * last written.
 */
export function forwardWeights(world: World, listenerOrRuleArn: string, which: 'applied' | 'latest' = 'applied'): ForwardWeight[] {
  const versions = listenerOrRuleArn.includes(':listener-rule/')
    ? requireRule(world, listenerOrRuleArn).actions
    : requireListener(world, listenerOrRuleArn).defaultActions;
  const actions = which === 'latest' ? latestActions(versions) : appliedActions(versions, world.modes.weightApplyMs);
  const forward = actions.find((a) => a.Type === 'forward');
  return (forward?.ForwardConfig?.TargetGroups ?? []).map((t: any) => ({ targetGroupArn: t.TargetGroupArn, weight: t.Weight }));
}

/** The targets of a group with their health as DescribeTargetHealth shows it. */
export function targetHealth(world: World, tgArn: string): Array<{ id: string; port: number; state: string; reason?: string }> {
  const tg = requireTargetGroup(world, tgArn);
  return [...tg.targets.values()].map((t) => {
    const health = healthOf(world, tg, t);
    return { id: t.id, port: t.port, state: health.State, ...(health.Reason ? { reason: health.Reason } : {}) };
  });
}

/** How long ModifyRule/ModifyListener take to apply (the `weightApplyMs` mode; harsh: 800). */
export const setWeightApplyMs = (world: World, ms: number): void => void setModes(world, { weightApplyMs: ms });

export { setElbTimings, setTargetHealth, type ElbTimings };

CONTROL_VERBS.set('elbv2/seed-alb', (world, body: SeedAlbOptions) => seedAlb(world, body));
CONTROL_VERBS.set(
  'elbv2/target-health',
  (world, body: { targetGroupArn: string; state: 'healthy' | 'unhealthy' | 'initial'; reason?: string; targetId?: string }) => ({
    changed: setTargetHealth(world, body.targetGroupArn, body.state, { reason: body.reason, targetId: body.targetId }),
  }),
);
CONTROL_VERBS.set('elbv2/timings', (world, body: Partial<ElbTimings>) => setElbTimings(world, body));
CONTROL_VERBS.set('elbv2/weights', (world, body: { arn: string; which?: 'applied' | 'latest' }) =>
  forwardWeights(world, body.arn, body.which),
);
CONTROL_VERBS.set('elbv2/targets', (world, body: { targetGroupArn: string }) => targetHealth(world, body.targetGroupArn));
