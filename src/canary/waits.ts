import { describeError } from '../errors.js';
import { formatDuration } from '../format.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../wait/clock.js';
import { pollUntil, type PollEnd } from '../wait/poll.js';
import type { Halt } from './halt.js';

/** The waits every canary mode makes, on the one poll loop; each ends with a value or a Halt. */

export interface WaitContext {
  logger: Pick<Logger, 'info'>;
  clock: Clock;
  signal?: AbortSignal;
  pollIntervalMs: number;
  /** Epoch ms: the end of the step's timeout. */
  deadline: number;
  /** The whole step's timeout, for the message. */
  timeoutMs: number;
}

/** Polls until `holds` answers true (new weights in effect, say). */
export async function waitUntilHolds(context: WaitContext, what: string, holds: () => Promise<boolean>): Promise<Halt | undefined> {
  const ended = await canaryPoll(context, what, async () => ((await holds()) ? true : undefined));
  return ended.end === 'done' ? undefined : haltOf(ended, context.timeoutMs, what);
}

export function canaryPoll<T>(
  context: WaitContext & { intervalMs?: () => number },
  subject: string,
  look: () => Promise<T | undefined>,
): Promise<PollEnd<T>> {
  return pollUntil<T>({
    poll: look,
    intervalMs: context.intervalMs ?? (() => context.pollIntervalMs),
    deadline: context.deadline,
    subject,
    logger: context.logger,
    now: context.clock.now,
    sleep: context.clock.sleep,
    signal: context.signal,
  });
}

/** A wait that ended without its value, as the Halt that stops the walk. */
export function haltOf(ended: Exclude<PollEnd<unknown>, { end: 'done' }>, timeoutMs: number, what: string): Halt<never> {
  switch (ended.end) {
    case 'timeout':
      return { kind: 'timeout', reason: `Timed out after ${formatDuration(timeoutMs)} (the step's timeout) waiting for ${what}` };
    case 'cancelled':
      return { kind: 'cancelled', reason: 'The run was cancelled' };
    case 'unreachable':
      return { kind: 'error', reason: ended.reason };
    case 'failed':
      return { kind: 'error', reason: describeError(ended.error) };
  }
}
