import { isTransient } from '../aws/error-kind.js';
import type { Logger } from '../logger.js';
import { systemClock, type Clock } from './clock.js';
import { DEFAULT_UNREACHABLE_TIMEOUT_MS, OutageClock } from './outage.js';

/**
 * The one poll loop every wait runs on (a deployment, a migration task, and every later wait).
 * The caller says what one poll observes and when it is done; the loop owns the rest: the
 * deadline, cancellation, the clock, and one policy for AWS errors. A transient error (throttling
 * the SDK could not absorb, a 5xx, no connection) is told once and the wait goes on; AWS silent
 * for `unreachableTimeoutMs` ends it ('unreachable'); any other error ends it at once ('failed'),
 * since it will be the same on the next poll (access denied, expired credentials...).
 */

export interface PollOptions<T> {
  /**
   * One look: the outcome once it is known, undefined to look again. It may call `answered` as
   * soon as AWS answered, so "AWS answers again" comes before the lines the answer brings.
   */
  poll: (answered: () => void) => Promise<T | undefined>;
  /** How long to sleep before the next look; asked after each look, so it may change. */
  intervalMs: () => number;
  /** Epoch ms: the wait ends with 'timeout' after the first look at or past it. */
  deadline: number;
  /** Names what is awaited in the outage lines: "api", "Task abc123". */
  subject: string;
  logger: Pick<Logger, 'info'>;
  /** How long AWS may go without answering before the wait gives up. Default 5m. */
  unreachableTimeoutMs?: number;
  now?: Clock['now'];
  sleep?: Clock['sleep'];
  /** Aborts the wait (the job was cancelled): it ends with 'cancelled', without sleeping on. */
  signal?: AbortSignal;
}

export type PollEnd<T> =
  | { end: 'done'; value: T }
  /** The deadline passed; `silentForMs` says how long AWS had not answered by then, if at all. */
  | { end: 'timeout'; silentForMs?: number }
  | { end: 'cancelled' }
  /** An error waiting cannot cure. */
  | { end: 'failed'; error: unknown }
  /** "AWS has not answered for 5m (last error: ...)". */
  | { end: 'unreachable'; reason: string };

export async function pollUntil<T>(options: PollOptions<T>): Promise<PollEnd<T>> {
  const now = options.now ?? systemClock.now;
  const sleep = options.sleep ?? systemClock.sleep;
  const { signal } = options;
  const outage = new OutageClock({
    subject: options.subject,
    limitMs: options.unreachableTimeoutMs ?? DEFAULT_UNREACHABLE_TIMEOUT_MS,
    now,
    say: (line) => options.logger.info(line),
  });
  const answered = () => outage.answered();
  for (;;) {
    if (signal?.aborted) return { end: 'cancelled' };
    const startedAt = now();
    try {
      const value = await options.poll(answered);
      answered();
      if (value !== undefined) return { end: 'done', value };
    } catch (error) {
      if (!isTransient(error)) return { end: 'failed', error };
      const reason = outage.failed(error, startedAt);
      if (reason) return { end: 'unreachable', reason };
    }
    const left = options.deadline - now();
    if (left <= 0) return { end: 'timeout', silentForMs: outage.silentForMs() };
    await sleep(Math.min(options.intervalMs(), left), signal);
  }
}
