import { waitDeployed } from '../../cloudfront/deployed.js';
import type { CloudFront } from '../../cloudfront/distribution-config.js';
import { updateOriginHeader } from '../../cloudfront/update-origin-header.js';
import { describeError } from '../../errors.js';
import { formatDuration } from '../../format.js';
import type { CanaryOutcome } from '../outcome.js';
import { StepWalk, type WalkRuntime } from '../step-walk.js';
import { trafficText } from '../summary.js';
import type { AlarmReading } from '../alarms.js';
import { bake } from '../bake.js';
import { type Halt, isHalt } from '../halt.js';
import { haltOf, type WaitContext } from '../waits.js';
import type { CloudFrontCanaryOptions } from './options.js';
import { shares } from './share.js';

/** A rollback gets a wait of its own for the distribution to deploy 0%, whatever is left of the timeout. */
const ROLLBACK_WAIT_MS = 15 * 60_000;

export interface CloudFrontWalkContext extends WalkRuntime {
  cloudfront: CloudFront;
  readAlarms: () => Promise<AlarmReading>;
  options: CloudFrontCanaryOptions;
}

/**
 * One run of a CloudFront canary: walk, promote or abort, from the share found on the origin.
 * Each share is written into the origin's header and waited for until the distribution is
 * Deployed; each step bakes with the alarms checked; an alarm, a timeout or an error sends the
 * canary back to 0%. A cancelled run leaves the share where it was and says so; a re-run
 * continues from there.
 */
export class CloudFrontWalk extends StepWalk {
  constructor(
    private readonly context: CloudFrontWalkContext,
    found: number,
  ) {
    super(
      {
        ...context,
        mode: 'cloudfront',
        shares,
        timeoutMs: context.options.walk.timeoutMs,
        noTrafficFailure: (reason) => `${reason}; the canary had no traffic`,
      },
      found,
    );
  }

  async walk(): Promise<CanaryOutcome> {
    const plan = this.plan(this.context.options.walk.steps, this.context.options.walk.bakeTimeMs);
    const before = await this.checkAlarms();
    if (isHalt(before)) return this.rollBack(before);
    for (const [index, step] of plan.entries()) {
      if (step !== this.share) {
        const halt = await this.setShare(step, this.deadline, this.context.signal);
        if (halt) return this.rollBack(halt);
      }
      const halt = await this.bake(step, `Bake ${index + 1}/${plan.length}`);
      if (halt) return this.rollBack(halt);
    }
    return this.outcome({});
  }

  async promote(): Promise<CanaryOutcome> {
    const halt = await this.setShare(100, this.deadline, this.context.signal);
    return halt ? this.outcome({ reason: halt.reason, failure: `${halt.reason}; ${this.whereLeft()}` }) : this.outcome({});
  }

  async abort(): Promise<CanaryOutcome> {
    const reason = 'Abort requested: all viewers sent back to the stable origin';
    const halt = await this.setShare(0, this.deadline, this.context.signal);
    if (halt) return this.outcome({ reason: halt.reason, failure: `${halt.reason}; ${this.whereLeft()}` });
    return this.outcome({ rolledBack: true, reason });
  }

  private async checkAlarms(): Promise<Halt | AlarmReading> {
    try {
      const reading = await this.context.readAlarms();
      if (reading.alarms) this.context.timeline.add({ event: 'Alarms checked', traffic: shares(this.share), alarms: reading.alarms });
      return reading.failure ? { kind: 'gate', reason: reading.failure, reading } : reading;
    } catch (error) {
      return { kind: 'error', reason: `Could not read the alarms: ${describeError(error)}` };
    }
  }

  private async bake(step: number, label: string): Promise<Halt | undefined> {
    const { timeline, options } = this.context;
    const traffic = shares(step);
    timeline.add({ event: `${label} started (${formatDuration(options.walk.bakeTimeMs)})`, traffic });
    const baked = await bake(this.waitContext(), {
      label: `${label} (canary ${step}%)`,
      bakeTimeMs: options.walk.bakeTimeMs,
      read: this.context.readAlarms,
      stopOf: (reading) => reading.failure,
      text: (reading) => reading.alarms ?? '',
      onChange: (reading, leftMs) => {
        if (reading.alarms) {
          timeline.add(
            { event: `${label}: alarms checked`, traffic, alarms: reading.alarms },
            `${label} (canary ${step}%): alarms ${reading.alarms}; ${formatDuration(leftMs)} left`,
          );
        }
      },
    });
    if (isHalt(baked)) return baked;
    timeline.add({ event: `${label} passed`, traffic, alarms: baked.alarms });
    return undefined;
  }

  private waitContext(): WaitContext {
    const { logger, clock, signal, options } = this.context;
    const { pollIntervalMs, timeoutMs } = options.walk;
    return { logger, clock, signal, pollIntervalMs, deadline: this.deadline, timeoutMs };
  }

  /** Writes the share into the origin's header, then waits until the distribution is Deployed. */
  private async setShare(percent: number, deadline: number, signal: AbortSignal | undefined): Promise<Halt | undefined> {
    const { cloudfront, options, timeline, logger, clock } = this.context;
    if (signal?.aborted) return { kind: 'cancelled', reason: 'The run was cancelled' };
    const traffic = shares(percent);
    let written: boolean;
    try {
      written = await updateOriginHeader(cloudfront, {
        distributionId: options.distributionId,
        originId: options.originId,
        headerName: options.weightHeader,
        value: String(percent),
      });
    } catch (error) {
      return { kind: 'error', reason: `Could not set the canary's share to ${percent}%: ${describeError(error)}` };
    }
    this.share = percent;
    const startedAt = clock.now();
    timeline.add(
      { event: written ? `Share written (${options.weightHeader}: ${percent})` : `Share already ${percent}%`, traffic },
      `${written ? `Share written to ${options.weightHeader} on origin ${options.originId}` : 'Share already set'} (${trafficText(traffic)}); waiting for distribution ${options.distributionId} to be Deployed`,
    );
    const ended = await waitDeployed(cloudfront, {
      distributionId: options.distributionId,
      logger,
      deadline,
      intervalMs: options.walk.pollIntervalMs,
      clock,
      signal,
    });
    if (ended.end !== 'done') return haltOf(ended, options.walk.timeoutMs, `distribution ${options.distributionId} to be Deployed`);
    timeline.add({ event: `Deployed after ${formatDuration(clock.now() - startedAt)}`, traffic });
    return undefined;
  }

  /** The rollback's wait is its own: a cancelled or timed-out run still gets the canary back to 0%. */
  protected rollBackShare(): Promise<Halt | undefined> {
    return this.setShare(0, this.context.clock.now() + ROLLBACK_WAIT_MS, undefined);
  }
}
