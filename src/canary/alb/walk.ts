import { describeError } from '../../errors.js';
import { formatDuration } from '../../format.js';
import type { CanaryWalkOptions } from '../options.js';
import type { CanaryOutcome } from '../outcome.js';
import { StepWalk, type WalkRuntime } from '../step-walk.js';
import { trafficText } from '../summary.js';
import type { GateReading } from './gates.js';
import { type AlbTraffic, shares, type TrafficNow } from './traffic.js';
import { bake } from '../bake.js';
import { type Halt, isHalt } from '../halt.js';
import { waitUntilHolds, type WaitContext } from '../waits.js';
import { bakeStopOf, readingText, waitReady } from './waits.js';

/** How long a rollback may wait for 0% to take effect, whatever is left of the step's timeout. */
const ROLLBACK_WAIT_MS = 2 * 60_000;

export interface WalkContext extends WalkRuntime {
  traffic: AlbTraffic;
  readGates: () => Promise<GateReading>;
  options: CanaryWalkOptions;
}

/**
 * One run of an ALB canary: walk, promote or abort, from the traffic found. Every change is
 * written, then waited for until the load balancer applies it; every stop that is not a
 * cancellation sends the canary back to 0%. A cancelled run leaves the traffic where it was, says
 * so, and a re-run continues from there.
 */
export class AlbWalk extends StepWalk {
  constructor(
    private readonly context: WalkContext,
    private readonly found: TrafficNow,
  ) {
    super({ ...context, mode: 'alb', shares, timeoutMs: context.options.timeoutMs }, found.canary);
  }

  async walk(): Promise<CanaryOutcome> {
    const plan = this.plan(this.context.options.steps, this.context.options.bakeTimeMs);
    const attached = await this.attach();
    if (attached) return this.rollBack(attached);
    for (const [index, step] of plan.entries()) {
      const ready = await waitReady(this.waitContext(), this.context.readGates);
      if (isHalt(ready)) return this.rollBack(ready);
      if (step !== this.share) {
        const halt = await this.setShare(step, this.waitContext());
        if (halt) return this.rollBack(halt);
      }
      const baked = await this.bake(step, `Bake ${index + 1}/${plan.length}`);
      if (isHalt(baked)) return this.rollBack(baked);
    }
    return this.outcome({});
  }

  async promote(): Promise<CanaryOutcome> {
    const halt = (await this.attach()) ?? (await this.readyHalt()) ?? (await this.setShare(100, this.waitContext()));
    return halt ? this.rollBack(halt) : this.outcome({});
  }

  async abort(): Promise<CanaryOutcome> {
    const reason = 'Abort requested: all traffic sent back to the stable target group';
    if (this.share === 0) {
      this.context.timeline.add({ event: 'Nothing to abort: the canary has no traffic', traffic: shares(0) });
      return this.outcome({ rolledBack: true, reason });
    }
    const halt = await this.setShare(0, this.waitContext());
    if (halt) return this.outcome({ failure: `${halt.reason}; ${this.whereLeft()}` });
    return this.outcome({ rolledBack: true, reason });
  }

  /** A forward to the stable group alone becomes a two-group forward at the same share, so the canary's targets are health-checked before any traffic. */
  private async attach(): Promise<Halt | undefined> {
    if (this.found.split) return undefined;
    return this.setShare(this.share, this.waitContext());
  }

  private async readyHalt(): Promise<Halt | undefined> {
    const ready = await waitReady(this.waitContext(), this.context.readGates);
    return isHalt(ready) ? ready : undefined;
  }

  private async bake(step: number, label: string): Promise<GateReading | Halt<GateReading>> {
    const { timeline, options } = this.context;
    const traffic = shares(step);
    let started = false;
    const baked = await bake(this.waitContext(), {
      label: `${label} (canary ${step}%)`,
      bakeTimeMs: options.bakeTimeMs,
      read: this.context.readGates,
      stopOf: bakeStopOf,
      text: readingText,
      // The first reading starts the bake; later ones are entries only when something changed.
      onChange: (reading, leftMs) => {
        const gates = { traffic, health: reading.health, alarms: reading.alarms };
        if (started)
          return timeline.add(
            { event: `${label}: ${formatDuration(leftMs)} left`, ...gates },
            `${label} (canary ${step}%): ${readingText(reading)}; ${formatDuration(leftMs)} left`,
          );
        started = true;
        const duration = formatDuration(options.bakeTimeMs);
        timeline.add(
          { event: `${label} started (${duration})`, ...gates },
          `${label} started (canary ${step}%, ${duration}): ${readingText(reading)}`,
        );
      },
    });
    if (!isHalt(baked)) timeline.add({ event: `${label} passed`, traffic, health: baked.health, alarms: baked.alarms });
    return baked;
  }

  /** Writes the share, then waits until the load balancer applies it. */
  private async setShare(percent: number, wait: WaitContext): Promise<Halt | undefined> {
    if (this.context.signal?.aborted) return { kind: 'cancelled', reason: 'The run was cancelled' };
    const traffic = shares(percent);
    try {
      const now = await this.context.traffic.read();
      await this.context.traffic.write(percent, now.site);
    } catch (error) {
      return { kind: 'error', reason: `Could not set the weights to ${trafficText(traffic)}: ${describeError(error)}` };
    }
    this.share = percent;
    const startedAt = this.context.clock.now();
    this.context.timeline.add(
      { event: 'Weights written', traffic },
      `Weights written (${trafficText(traffic)}); waiting for the load balancer to apply them`,
    );
    const halt = await waitUntilHolds(wait, `the load balancer to apply ${trafficText(traffic)}`, () =>
      this.context.traffic.inEffect(percent),
    );
    if (halt) return halt;
    const took = formatDuration(this.context.clock.now() - startedAt);
    this.context.timeline.add({ event: `Weights in effect after ${took}`, traffic });
    return undefined;
  }

  /** The rollback's wait is its own: a cancelled or timed-out run still gets the canary back to 0%. */
  protected rollBackShare(): Promise<Halt | undefined> {
    return this.setShare(0, {
      ...this.waitContext(),
      deadline: this.context.clock.now() + ROLLBACK_WAIT_MS,
      timeoutMs: ROLLBACK_WAIT_MS,
      signal: undefined,
    });
  }

  private waitContext(): WaitContext {
    const { logger, clock, signal, options } = this.context;
    return { logger, clock, signal, pollIntervalMs: options.pollIntervalMs, deadline: this.deadline, timeoutMs: options.timeoutMs };
  }
}
