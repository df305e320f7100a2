import type { CanaryWalkOptions } from '../options.js';

/**
 * mode ecs: which service's native (BLUE_GREEN, CANARY, LINEAR) deployment to follow, and where
 * to stop. The common walk options give the action (walk = follow, promote, abort), the timeout
 * and the poll interval; steps and bake time are ECS's own (the service's deploymentConfiguration).
 */
export interface EcsCanaryOptions {
  walk: CanaryWalkOptions;
  cluster: string;
  service: string;
  /** The service deployment to act on; default the service's newest one under way. */
  deploymentArn?: string;
  /** End the step, successfully, once the deployment is at this lifecycle stage (a manual approval). */
  stopAtStage?: string;
}
