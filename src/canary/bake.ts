import { formatDuration } from '../format.js';
import type { Halt } from './halt.js';
import { canaryPoll, haltOf, type WaitContext } from './waits.js';

export interface BakeOptions<R> {
  /** "Bake 2/4 (canary 25%)". */
  label: string;
  bakeTimeMs: number;
  /** The gates (alarms, target health): read on every poll of the bake. */
  read: () => Promise<R>;
  /** Why a reading stops the bake at once, if it does. */
  stopOf: (reading: R) => string | undefined;
  /** The reading in one line: a change of it is an onChange, and it ends the "left" lines. */
  text: (reading: R) => string;
  /** The first reading, and each whose text differs from the one before. */
  onChange: (reading: R, leftMs: number) => void;
}

/** During a long bake, a line saying how long is left this often, even when nothing changes. */
const LEFT_LINE_EVERY_MS = 60_000;

/**
 * Holds a step for bakeTimeMs, reading the gates on every poll: the last reading when the bake
 * passes, or a gate Halt as soon as a reading stops it.
 */
export async function bake<R>(context: WaitContext, options: BakeOptions<R>): Promise<R | Halt<R>> {
  const bakeEnd = context.clock.now() + options.bakeTimeMs;
  let seen: string | undefined;
  let toldLeftAt = context.clock.now();
  // The last look falls on the bake's end, not up to a poll interval after it.
  const intervalMs = () => Math.max(1, Math.min(context.pollIntervalMs, bakeEnd - context.clock.now()));
  const ended = await canaryPoll<{ passed: R } | Halt<R>>({ ...context, intervalMs }, options.label, async () => {
    const reading = await options.read();
    const now = context.clock.now();
    const leftMs = Math.max(0, bakeEnd - now);
    const stop = options.stopOf(reading);
    if (stop) return { kind: 'gate', reason: stop, reading };
    const text = options.text(reading);
    const changed = text !== seen;
    if (changed) {
      seen = text;
      toldLeftAt = now;
      options.onChange(reading, leftMs);
    }
    if (leftMs === 0) return { passed: reading };
    if (!changed && now - toldLeftAt >= LEFT_LINE_EVERY_MS) {
      toldLeftAt = now;
      context.logger.info(`${options.label}: ${formatDuration(leftMs)} left${text ? `; ${text}` : ''}`);
    }
    return undefined;
  });
  if (ended.end !== 'done') return haltOf(ended, context.timeoutMs, options.label);
  return 'passed' in ended.value ? ended.value.passed : ended.value;
}
