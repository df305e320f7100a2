import type { CanaryWalkOptions } from '../options.js';

/** mode alb: which listener (or rule) splits traffic between which two target groups. */
export interface AlbCanaryOptions {
  walk: CanaryWalkOptions;
  listenerArn: string;
  /** A rule of the listener to change instead of its default action. */
  ruleArn?: string;
  /** Target group ARN or name: the stable version (api). */
  stableTargetGroup: string;
  /** Target group ARN or name: the new version (api-beta). */
  canaryTargetGroup: string;
  /** Target group stickiness written into the forward action; unset keeps the action's own. */
  stickinessSeconds?: number;
}
