import { formatDuration } from '../format.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../wait/clock.js';
import type { Halt } from './halt.js';
import type { CanaryMode } from './options.js';
import type { CanaryOutcome } from './outcome.js';
import { trafficText } from './summary.js';
import type { Timeline } from './timeline.js';

/** What a walk runs with, whatever the mode. */
export interface WalkRuntime {
  timeline: Timeline;
  logger: Pick<Logger, 'info'>;
  clock: Clock;
  signal?: AbortSignal;
}

export interface StepWalkContext extends WalkRuntime {
  mode: CanaryMode;
  /** Traffic by side, in percent, for a canary share. */
  shares: (canary: number) => Record<string, number>;
  /** The whole run's timeout. */
  timeoutMs: number;
  /** The failure of a stop when the canary had no traffic to take back; the stop's reason by default. */
  noTrafficFailure?: (reason: string) => string;
}

/**
 * What every traffic-shifting mode's walk shares: the share the canary has (last written or
 * found), the plan a re-run resumes, the rollback after any stop but a cancellation, and the
 * outcome. A mode writes its shares and waits for them; `rollBackShare` takes it back to 0%.
 */
export abstract class StepWalk {
  /** The canary's share last written (or found): where traffic is, or is about to be. */
  protected share: number;
  protected readonly deadline: number;

  constructor(
    private readonly base: StepWalkContext,
    found: number,
  ) {
    this.share = found;
    this.deadline = base.clock.now() + base.timeoutMs;
  }

  /** Sends the canary back to 0% with a wait of its own (not the run's signal or deadline). */
  protected abstract rollBackShare(): Promise<Halt | undefined>;

  /** A re-run first bakes the share it finds, then goes on from there, never below it. Says the plan. */
  protected plan(steps: number[], bakeTimeMs: number): number[] {
    const plan = [...(this.share > 0 ? [this.share] : []), ...steps.filter((step) => step > this.share)];
    this.base.logger.info(
      `Walking the canary through ${plan.map((step) => `${step}%`).join(', ')}, baking ${formatDuration(bakeTimeMs)} at each`,
    );
    return plan;
  }

  /**
   * Any stop but a cancellation sends the canary back to 0%. A cancelled run leaves the traffic
   * where it was and says so; a re-run continues from there.
   */
  protected async rollBack(halt: Halt): Promise<CanaryOutcome> {
    const { timeline } = this.base;
    timeline.add({
      event: halt.kind === 'cancelled' ? 'Cancelled' : `Stopped: ${halt.reason}`,
      health: halt.reading?.health,
      alarms: halt.reading?.alarms,
    });
    if (halt.kind === 'cancelled') {
      return this.outcome({ reason: halt.reason, failure: `The run was cancelled; ${this.whereLeft()}; a re-run continues from there` });
    }
    if (this.share === 0) return this.outcome({ reason: halt.reason, failure: this.base.noTrafficFailure?.(halt.reason) ?? halt.reason });
    const failed = await this.rollBackShare();
    if (failed) {
      return this.outcome({ reason: halt.reason, failure: `${halt.reason}; rolling back failed (${failed.reason}); ${this.whereLeft()}` });
    }
    timeline.add({ event: 'Rolled back', traffic: this.base.shares(0) });
    return this.outcome({ rolledBack: true, reason: halt.reason, failure: `${halt.reason}; the canary was sent back to 0%` });
  }

  protected whereLeft(): string {
    return `traffic left at ${trafficText(this.base.shares(this.share))}`;
  }

  protected outcome(end: Pick<CanaryOutcome, 'reason' | 'failure'> & { rolledBack?: boolean }): CanaryOutcome {
    const traffic = this.base.shares(this.share);
    return {
      mode: this.base.mode,
      final: trafficText(traffic),
      finalTraffic: traffic,
      rolledBack: end.rolledBack ?? false,
      reason: end.reason,
      failure: end.failure,
      timeline: this.base.timeline.entries,
    };
  }
}
