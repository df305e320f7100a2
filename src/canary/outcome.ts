import type { CanaryMode } from './options.js';

/**
 * What every route-canary mode (alb, cloudfront, ecs) reports back to the entry point, which turns it
 * into outputs and the job summary. One shape, so the three modes read alike to a user.
 */

/** One moment of the walk: what traffic looked like and what the gates said. */
export interface TimelineEntry {
  at: Date;
  /** What happened, in words: "weights set", "bake 2/4 started", "alarm checked", "rolled back"... */
  event: string;
  /** Traffic share by side, in percent (for example { stable: 90, canary: 10 }), when known. */
  traffic?: Record<string, number>;
  /** Target health or task health in words ("3/3 healthy"), when checked. */
  health?: string;
  /** Alarm states in words ("api-5xx OK, api-latency OK"), when checked. */
  alarms?: string;
}

export interface CanaryOutcome {
  mode: CanaryMode;
  /** Where traffic was left, in words a person reads in the log ("canary 25%, stable 75%" or "stage BAKE_TIME"). */
  final: string;
  /** The final traffic share by side, in percent, when the mode knows it. */
  finalTraffic?: Record<string, number>;
  /** True when the canary was sent back to 0% (by the action or by ECS). */
  rolledBack: boolean;
  /** Why it rolled back or stopped (alarm name and reason, unhealthy targets...), when it did. */
  reason?: string;
  timeline: TimelineEntry[];
  /**
   * When set, the step fails with this line once outputs and the summary are written (an alarm,
   * unhealthy targets, a timeout, a cancelled run, an ECS rollback). Unset on success, and on an
   * abort that did what it was asked. A mode that leaves it unset but reports rolledBack on a walk
   * fails with `reason`.
   */
  failure?: string;
}
