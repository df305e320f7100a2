import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2 } from './listener-actions.js';

/** The health of a target group's targets, as the load balancer's health checks see it. */

export interface TargetHealth {
  id: string;
  port?: number;
  /** initial, healthy, unhealthy, unused, draining, unavailable. */
  state: string;
  /** ELBv2's reason code (Target.ResponseCodeMismatch...) and its description. */
  reason?: string;
  description?: string;
}

export async function describeTargetHealth(elbv2: Elbv2, targetGroupArn: string): Promise<TargetHealth[]> {
  const answer = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return (answer.TargetHealthDescriptions ?? []).map((d) => ({
    id: d.Target?.Id ?? 'unknown',
    port: d.Target?.Port,
    state: d.TargetHealth?.State ?? 'unknown',
    reason: d.TargetHealth?.Reason,
    description: d.TargetHealth?.Description,
  }));
}

/** Targets that are leaving (draining) take no new requests: they count for nothing either way. */
const serving = (targets: TargetHealth[]) => targets.filter((target) => target.state !== 'draining');

export const healthyCount = (targets: TargetHealth[]) => targets.filter((target) => target.state === 'healthy').length;

export const unhealthyTargets = (targets: TargetHealth[]) => targets.filter((target) => target.state === 'unhealthy');

/** "2/3 healthy, 1 initial" (draining targets left out), or "no targets". */
export function healthLine(targets: TargetHealth[]): string {
  const counted = serving(targets);
  if (!counted.length) return targets.length ? `no targets (${targets.length} draining)` : 'no targets';
  const others = new Map<string, number>();
  for (const target of counted) if (target.state !== 'healthy') others.set(target.state, (others.get(target.state) ?? 0) + 1);
  return [`${healthyCount(counted)}/${counted.length} healthy`, ...[...others].map(([state, n]) => `${n} ${state}`)].join(', ');
}

/** `10.0.1.7:8080 unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [502])`. */
export function targetText(target: TargetHealth): string {
  const why = [target.reason, target.description].filter(Boolean).join(': ');
  return `${target.id}${target.port ? `:${target.port}` : ''} ${target.state}${why ? ` (${why})` : ''}`;
}
