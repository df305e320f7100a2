import { instantsOf, wallClockAt } from './time-zone.js';

/**
 * The six-field cron of AWS (EventBridge and EventBridge Scheduler): minutes hours day-of-month
 * month day-of-week year, with `, - * /` everywhere, `?` in one of the two day fields, `L` and
 * `W` in day-of-month, `L` and `#` in day-of-week (1 = SUN). Parsing says what is wrong in words;
 * evaluation walks the zone's wall clock, so daylight saving changes are handled as Scheduler
 * documents: a time the clocks skip does not fire, a time they pass twice fires once.
 */

export interface Cron {
  minutes: number[];
  hours: number[];
  months: number[];
  years: number[];
  /** Whether the job fires on this date (by day-of-month or day-of-week, whichever is not "?"). */
  firesOn(year: number, month: number, day: number): boolean;
}

export class CronError extends Error {}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS },
  year: { name: 'year', min: 1970, max: 2199 },
} satisfies Record<string, FieldSpec>;

function value(text: string, field: FieldSpec): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  const number = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(number >= field.min && number <= field.max)) {
    throw new CronError(
      `${field.name} value "${text}" is not ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : ''}`,
    );
  }
  return number;
}

/** `*`, `n`, `a-b`, each optionally `/step`, as a list of values. */
function rangeItem(item: string, field: FieldSpec): number[] {
  const [base, stepText, extra] = item.split('/');
  if (extra !== undefined || base === '') throw new CronError(`${field.name} item "${item}" is not valid`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new CronError(`${field.name} step "${stepText}" is not a positive number`);
    step = Number(stepText);
  }
  let [from, to] = [field.min, field.max];
  if (base !== '*') {
    const [a, b, more] = base.split('-');
    if (more !== undefined) throw new CronError(`${field.name} range "${base}" is not valid`);
    from = value(a, field);
    to = b === undefined ? (stepText === undefined ? from : field.max) : value(b, field);
    if (to < from) throw new CronError(`${field.name} range "${base}" runs backwards`);
  }
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function numbers(text: string, field: FieldSpec): number[] {
  if (text === '') throw new CronError(`${field.name} is empty`);
  const values = new Set(text.split(',').flatMap((item) => rangeItem(item, field)));
  return [...values].sort((a, b) => a - b);
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = Sunday ... 7 = Saturday, as AWS numbers them. */
const weekdayOf = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

/** The weekday (Mon-Fri) nearest to `day` within the same month, as Quartz's W does. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysIn(year, month);
  const target = Math.min(day, last);
  const weekday = weekdayOf(year, month, target);
  if (weekday === 7) return target > 1 ? target - 1 : target + 2; // Saturday
  if (weekday === 1) return target < last ? target + 1 : target - 2; // Sunday
  return target;
}

type DayTest = (year: number, month: number, day: number) => boolean;

function dayOfMonthTest(text: string): DayTest {
  const tests = text.split(',').map((item): DayTest => {
    const upper = item.toUpperCase();
    if (upper === 'L') return (y, m, d) => d === daysIn(y, m);
    if (upper === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysIn(y, m));
    const weekday = /^(\d+)W$/i.exec(item);
    if (weekday) {
      const wanted = value(weekday[1], FIELDS.dayOfMonth);
      return (y, m, d) => d === nearestWeekday(y, m, wanted);
    }
    const days = new Set(rangeItem(item, FIELDS.dayOfMonth));
    return (_y, _m, d) => days.has(d);
  });
  return (y, m, d) => tests.some((test) => test(y, m, d));
}

function dayOfWeekTest(text: string): DayTest {
  const tests = text.split(',').map((item): DayTest => {
    if (item.toUpperCase() === 'L') return (y, m, d) => weekdayOf(y, m, d) === 7;
    const last = /^(\w+)L$/i.exec(item);
    if (last) {
      const wanted = value(last[1], FIELDS.dayOfWeek);
      return (y, m, d) => weekdayOf(y, m, d) === wanted && d + 7 > daysIn(y, m);
    }
    const nth = /^(\w+)#(\d+)$/.exec(item);
    if (nth) {
      const wanted = value(nth[1], FIELDS.dayOfWeek);
      const n = Number(nth[2]);
      if (n < 1 || n > 5) throw new CronError(`day-of-week "${item}": the week after # is 1-5`);
      return (y, m, d) => weekdayOf(y, m, d) === wanted && Math.ceil(d / 7) === n;
    }
    const weekdays = new Set(rangeItem(item, FIELDS.dayOfWeek));
    return (y, m, d) => weekdays.has(weekdayOf(y, m, d));
  });
  return (y, m, d) => tests.some((test) => test(y, m, d));
}

/** Parses the inside of `cron(...)`; throws a CronError saying what is wrong. */
export function parseCron(body: string): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronError(`${fields.length} fields, expected 6 (minutes hours day-of-month month day-of-week year)`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new CronError('"?" is needed in exactly one of day-of-month and day-of-week');
  }
  const days = dayOfMonth === '?' ? dayOfWeekTest(dayOfWeek) : dayOfMonthTest(dayOfMonth);
  return {
    minutes: numbers(minutes, FIELDS.minutes),
    hours: numbers(hours, FIELDS.hours),
    months: numbers(month, FIELDS.month),
    years: numbers(year, FIELDS.year),
    firesOn: days,
  };
}

/** The next `count` instants after `after` (exclusive) at which `cron` fires in `zone`. */
export function nextCronTimes(cron: Cron, zone: string, after: number, count: number): number[] {
  const found: number[] = [];
  const start = wallClockAt(after, zone);
  const startDay = start.year * 10_000 + start.month * 100 + start.day;
  for (const year of cron.years) {
    if (year < start.year) continue;
    for (const month of cron.months) {
      if (year === start.year && month < start.month) continue;
      for (let day = 1; day <= daysIn(year, month); day++) {
        // The day before too: a fall-back hour can put a later local time at an earlier instant.
        if (year * 10_000 + month * 100 + day < startDay - 1 || !cron.firesOn(year, month, day)) continue;
        for (const hour of cron.hours) {
          for (const minute of cron.minutes) {
            const [first] = instantsOf({ year, month, day, hour, minute }, zone);
            if (first !== undefined && first > after) found.push(first);
            if (found.length >= count) return found.slice(0, count);
          }
        }
      }
    }
  }
  return found;
}
