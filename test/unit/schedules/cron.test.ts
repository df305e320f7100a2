import { nextFireTimes, parseExpression, shortestInterval, type Expression } from '../../../src/schedules/expression.js';
import { formatInZone, isTimeZone } from '../../../src/schedules/time-zone.js';

/** Fire times as the zone's clock shows them. */
function next(text: string, zone: string, from: string, count = 3): string[] {
  const expression: Expression = parseExpression(text);
  return nextFireTimes(expression, { zone, after: Date.parse(from), count }).map((t) => formatInZone(t, zone));
}

const iso = (text: string, zone: string, from: string, count = 3) =>
  nextFireTimes(parseExpression(text), { zone, after: Date.parse(from), count }).map((t) => new Date(t).toISOString());

describe('cron fields', () => {
  test('minutes, hours, lists, ranges and steps', () => {
    expect(iso('cron(0/20 9-10 * * ? *)', 'UTC', '2026-01-05T09:30:00Z', 4)).toEqual([
      '2026-01-05T09:40:00.000Z',
      '2026-01-05T10:00:00.000Z',
      '2026-01-05T10:20:00.000Z',
      '2026-01-05T10:40:00.000Z',
    ]);
    expect(iso('cron(15,45 */12 * * ? *)', 'UTC', '2026-01-05T00:20:00Z')).toEqual([
      '2026-01-05T00:45:00.000Z',
      '2026-01-05T12:15:00.000Z',
      '2026-01-05T12:45:00.000Z',
    ]);
  });

  test('day-of-week names, numbers (1 = SUN) and ranges', () => {
    // 2026-01-05 is a Monday.
    expect(iso('cron(0 8 ? * MON-FRI *)', 'UTC', '2026-01-09T09:00:00Z')).toEqual([
      '2026-01-12T08:00:00.000Z',
      '2026-01-13T08:00:00.000Z',
      '2026-01-14T08:00:00.000Z',
    ]);
    expect(iso('cron(0 8 ? * 1 *)', 'UTC', '2026-01-05T00:00:00Z', 1)).toEqual(['2026-01-11T08:00:00.000Z']);
  });

  test('L: last day of the month (leap years too), and last weekday', () => {
    expect(iso('cron(0 0 L * ? *)', 'UTC', '2028-01-31T12:00:00Z')).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2028-03-31T00:00:00.000Z',
      '2028-04-30T00:00:00.000Z',
    ]);
    // The last Friday of each month.
    expect(iso('cron(0 18 ? * 6L *)', 'UTC', '2026-01-01T00:00:00Z')).toEqual([
      '2026-01-30T18:00:00.000Z',
      '2026-02-27T18:00:00.000Z',
      '2026-03-27T18:00:00.000Z',
    ]);
    expect(iso('cron(0 0 LW * ? *)', 'UTC', '2026-05-01T00:00:00Z', 1)).toEqual(['2026-05-29T00:00:00.000Z']); // 31st is a Sunday
  });

  test('W: the weekday nearest the day, never leaving the month', () => {
    // 2026-02-01 is a Sunday: 1W is Monday the 2nd. 2026-08-15 is a Saturday: 15W is Friday the 14th.
    expect(iso('cron(0 6 1W * ? *)', 'UTC', '2026-01-31T00:00:00Z', 1)).toEqual(['2026-02-02T06:00:00.000Z']);
    expect(iso('cron(0 6 15W 8 ? *)', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-08-14T06:00:00.000Z']);
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd, not July 31st.
    expect(iso('cron(0 6 1W 8 ? *)', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-08-03T06:00:00.000Z']);
  });

  test('#: the nth weekday of the month', () => {
    expect(iso('cron(0 12 ? * 3#2 *)', 'UTC', '2026-01-01T00:00:00Z')).toEqual([
      '2026-01-13T12:00:00.000Z',
      '2026-02-10T12:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
    ]);
  });

  test('months by name, years, and an expression that never fires again', () => {
    expect(iso('cron(0 0 1 JAN,JUL ? 2027-2028)', 'UTC', '2026-06-01T00:00:00Z', 5)).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-07-01T00:00:00.000Z',
      '2028-01-01T00:00:00.000Z',
      '2028-07-01T00:00:00.000Z',
    ]);
    expect(iso('cron(0 0 1 1 ? 2020)', 'UTC', '2026-06-01T00:00:00Z')).toEqual([]);
  });
});

describe('time zones and daylight saving', () => {
  test("fires at the zone's wall clock on both sides of a change", () => {
    // Berlin: UTC+1 in winter, UTC+2 from 2026-03-29.
    expect(next('cron(0 3 * * ? *)', 'Europe/Berlin', '2026-03-27T12:00:00Z')).toEqual([
      '2026-03-28 03:00 (UTC+01:00)',
      '2026-03-29 03:00 (UTC+02:00)',
      '2026-03-30 03:00 (UTC+02:00)',
    ]);
  });

  test('a time the clocks skip does not fire; a time they pass twice fires once', () => {
    // Berlin jumps from 02:00 to 03:00 on 2026-03-29 and from 03:00 back to 02:00 on 2026-10-25.
    expect(next('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-03-27T12:00:00Z')).toEqual([
      '2026-03-28 02:30 (UTC+01:00)',
      '2026-03-30 02:30 (UTC+02:00)',
      '2026-03-31 02:30 (UTC+02:00)',
    ]);
    expect(iso('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-10-24T12:00:00Z')).toEqual([
      '2026-10-25T00:30:00.000Z', // the first 02:30 (UTC+02:00) only
      '2026-10-26T01:30:00.000Z',
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  test('zones far from UTC and half-hour offsets', () => {
    expect(iso('cron(0 9 ? * MON *)', 'Asia/Kolkata', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-05T03:30:00.000Z']);
    expect(iso('cron(0 0 1 * ? *)', 'Pacific/Kiritimati', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-31T10:00:00.000Z']);
  });

  test('time zone names are checked against the tz database, spelled as it spells them', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Berln')).toBe(false);
    expect(isTimeZone('europe/berlin')).toBe(false);
    expect(isTimeZone('CET+1')).toBe(false);
  });
});

describe('rate and at', () => {
  test("a rate counts from the schedule's creation", () => {
    const since = Date.parse('2026-01-01T00:00:00Z');
    const times = nextFireTimes(parseExpression('rate(15 minutes)'), {
      zone: 'UTC',
      after: Date.parse('2026-01-01T00:20:00Z'),
      count: 2,
      since,
    });
    expect(times.map((t) => new Date(t).toISOString())).toEqual(['2026-01-01T00:30:00.000Z', '2026-01-01T00:45:00.000Z']);
  });

  test('at() fires once in its zone, and never once past', () => {
    expect(iso('at(2027-01-01T09:00:00)', 'America/New_York', '2026-06-01T00:00:00Z')).toEqual(['2027-01-01T14:00:00.000Z']);
    expect(iso('at(2020-01-01T09:00:00)', 'UTC', '2026-06-01T00:00:00Z')).toEqual([]);
  });

  test('the shortest interval between fires', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(shortestInterval(parseExpression('rate(2 hours)'), now)).toBe(7_200_000);
    expect(shortestInterval(parseExpression('cron(0,10 * * * ? *)'), now)).toBe(600_000);
    expect(shortestInterval(parseExpression('at(2027-01-01T00:00:00)'), now)).toBeUndefined();
  });
});

describe('what is refused, and why', () => {
  test.each([
    ['cron(0 3 * * * *)', '"?" is needed in exactly one of day-of-month and day-of-week'],
    ['cron(0 3 ? * ? *)', '"?" is needed in exactly one of day-of-month and day-of-week'],
    ['cron(0 3 * * ?)', '5 fields, expected 6'],
    ['cron(60 3 * * ? *)', 'minutes value "60" is not 0-59'],
    ['cron(0 24 * * ? *)', 'hours value "24" is not 0-23'],
    ['cron(0 3 32 * ? *)', 'day-of-month value "32" is not 1-31'],
    ['cron(0 3 ? * 8 *)', 'day-of-week value "8" is not 1-7 or SUN-SAT'],
    ['cron(0 3 ? * MON#6 *)', 'the week after # is 1-5'],
    ['cron(0 3 1 FOO ? *)', 'month value "FOO" is not 1-12 or JAN-DEC'],
    ['cron(0 3 1 * ? 1969)', 'year value "1969" is not 1970-2199'],
    ['cron(0/0 3 1 * ? *)', 'minutes step "0" is not a positive number'],
    ['cron(0 5-3 1 * ? *)', 'hours range "5-3" runs backwards'],
    ['rate(0 minutes)', 'is not a valid rate'],
    ['rate(5 weeks)', 'is not a valid rate'],
    ['at(2026-02-30T00:00:00)', 'is not a valid one-time schedule'],
    ['every day', 'is not cron('],
  ])('%s', (text, message) => {
    expect(() => parseExpression(text)).toThrow(message);
  });
});
