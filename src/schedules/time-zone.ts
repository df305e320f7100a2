/**
 * Wall-clock arithmetic in IANA time zones through Intl, which carries the tz database: no
 * offsets are hard-coded, so daylight saving changes come out as the zone really has them.
 */

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** Capitalised as the tz database spells names (Europe/Berlin, America/Argentina/Buenos_Aires, UTC). */
const ZONE_SPELLING = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/;

/** Whether `zone` is a time zone of the tz database, spelled as it spells it (AWS is case-sensitive). */
export function isTimeZone(zone: string): boolean {
  if (!ZONE_SPELLING.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function wallClockAt(instant: number, zone: string): WallClock & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function offsetAt(instant: number, zone: string): number {
  const wall = wallClockAt(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const HOUR = 3_600_000;

/**
 * The instants at which the zone's clocks show `wall`, earliest first: none when the clocks jump
 * over it (spring forward), two when they pass it twice (fall back), else one.
 */
export function instantsOf(wall: WallClock, zone: string): number[] {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offsets = new Set([offsetAt(local - 24 * HOUR, zone), offsetAt(local, zone), offsetAt(local + 24 * HOUR, zone)]);
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = local - offset;
    const seen = wallClockAt(candidate, zone);
    if (
      seen.year === wall.year &&
      seen.month === wall.month &&
      seen.day === wall.day &&
      seen.hour === wall.hour &&
      seen.minute === wall.minute
    ) {
      found.add(candidate);
    }
  }
  return [...found].sort((a, b) => a - b);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-03-29 03:00 (UTC+02:00)": the zone's own clock, with its offset then. */
export function formatInZone(instant: number, zone: string): string {
  const wall = wallClockAt(instant, zone);
  const offset = offsetAt(instant, zone) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}
