/**
 * What every route-canary mode is asked to do, read from the action's common inputs. Each mode's
 * own settings (a listener, a distribution, a service) travel beside it in the mode's options.
 */

export type CanaryMode = 'alb' | 'cloudfront' | 'ecs';

/** walk: step through `steps`; promote: all traffic to the canary; abort: all back to stable. */
export type CanaryAction = 'walk' | 'promote' | 'abort';

export interface CanaryWalkOptions {
  action: CanaryAction;
  /** The canary's share at each step, in percent, rising (for example [10, 25, 50, 100]). */
  steps: number[];
  /** How long each step is held, checking alarms and health meanwhile. */
  bakeTimeMs: number;
  /** CloudWatch alarm names (metric or composite); any in ALARM rolls the canary back. */
  alarms: string[];
  /** How long the whole run may take. */
  timeoutMs: number;
  /** How often alarms, health and the traffic in effect are looked at while waiting. */
  pollIntervalMs: number;
}
