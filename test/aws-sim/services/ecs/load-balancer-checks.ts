import type { World } from '../../world.js';

/**
 * A seam for ELBv2 (services/elbv2/ecs-link.ts): CreateService and UpdateService pass a service's
 * `loadBalancers` to the checks registered here, which throw ECS's errors (a target group with no
 * load balancer...). ECS itself knows nothing of target groups.
 */
export type LoadBalancerCheck = (world: World, loadBalancers: Array<Record<string, any>>, taskDefinitionRef: string) => void;
const checks: LoadBalancerCheck[] = [];

export function onServiceLoadBalancers(check: LoadBalancerCheck): void {
  checks.push(check);
}

export function checkServiceLoadBalancers(world: World, loadBalancers: unknown, taskDefinitionRef: string): void {
  if (!Array.isArray(loadBalancers) || !loadBalancers.length) return;
  for (const check of checks) check(world, loadBalancers, taskDefinitionRef);
}
