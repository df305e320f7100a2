import { CronError, nextCronTimes, parseCron, type Cron } from './cron.js';
import { instantsOf, type WallClock } from './time-zone.js';

/**
 * A Scheduler expression: `cron(...)`, `rate(value unit)` or `at(yyyy-mm-ddThh:mm:ss)`. Parsing
 * throws an ExpressionError that says what is wrong; the caller names the job and field.
 */
export type Expression = { kind: 'cron'; cron: Cron } | { kind: 'rate'; everyMs: number; text: string } | { kind: 'at'; wall: WallClock };

export class ExpressionError extends Error {}

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const EXPECTED = 'cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)';

export function parseExpression(text: string): Expression {
  const match = /^(cron|rate|at)\((.*)\)$/s.exec(text.trim());
  if (!match) throw new ExpressionError(`is not ${EXPECTED}`);
  const [, kind, body] = match;
  if (kind === 'cron') {
    try {
      return { kind: 'cron', cron: parseCron(body) };
    } catch (error) {
      if (error instanceof CronError) throw new ExpressionError(`is not a valid cron expression (${error.message})`);
      throw error;
    }
  }
  if (kind === 'rate') {
    const rate = /^(\d+) (minute|hour|day)s?$/.exec(body.trim());
    if (!rate || Number(rate[1]) < 1)
      throw new ExpressionError(
        'is not a valid rate: expected rate(value unit) with a positive whole value and minute(s), hour(s) or day(s)',
      );
    return { kind: 'rate', everyMs: Number(rate[1]) * UNITS[rate[2]], text: `${rate[1]} ${rate[2]}${rate[1] === '1' ? '' : 's'}` };
  }
  const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  const [year, month, day, hour, minute, second] = (at ?? []).slice(1).map(Number);
  const real = at && new Date(Date.UTC(year, month - 1, day, hour, minute, second)).toISOString().startsWith(`${body}`);
  if (!real) throw new ExpressionError('is not a valid one-time schedule: expected at(yyyy-mm-ddThh:mm:ss), a real date and time');
  return { kind: 'at', wall: { year, month, day, hour, minute } };
}

/**
 * The next `count` fire times after `after`. A rate counts from `since` (when the schedule was
 * created; Scheduler starts the first interval then); a one-time schedule fires once, if still ahead.
 */
export function nextFireTimes(expression: Expression, options: { zone: string; after: number; count: number; since?: number }): number[] {
  const { zone, after, count } = options;
  if (expression.kind === 'cron') return nextCronTimes(expression.cron, zone, after, count);
  if (expression.kind === 'at')
    return instantsOf(expression.wall, zone)
      .filter((t) => t > after)
      .slice(0, 1);
  const since = options.since ?? after;
  const elapsed = Math.max(0, Math.floor((after - since) / expression.everyMs) + 1);
  return Array.from({ length: count }, (_, i) => since + (elapsed + i) * expression.everyMs);
}

/** The shortest time between two fires (over the next 50 of a cron), or undefined for at(). */
export function shortestInterval(expression: Expression, after: number): number | undefined {
  if (expression.kind === 'rate') return expression.everyMs;
  if (expression.kind === 'at') return undefined;
  const times = nextCronTimes(expression.cron, 'UTC', after, 50);
  let shortest: number | undefined;
  for (let i = 1; i < times.length; i++) shortest = Math.min(shortest ?? Infinity, times[i] - times[i - 1]);
  return shortest;
}
