import type { Logger } from '../logger.js';
import type { TimelineEntry } from './outcome.js';
import { trafficText } from './summary.js';

/**
 * The walk's record, kept as it happens: each entry is printed as one line (so the log and the
 * summary tell the same story) and kept for the summary. Shared by every mode.
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];

  constructor(
    private readonly logger: Pick<Logger, 'info'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an entry and prints it: "canary 25%, stable 75%: weights in effect; 3/3 healthy; api-5xx OK". */
  add(entry: Omit<TimelineEntry, 'at'>, line?: string): void {
    this.entries.push({ at: new Date(this.now()), ...entry });
    this.logger.info(line ?? entryLine(entry));
  }
}

export function entryLine(entry: Omit<TimelineEntry, 'at'>): string {
  const traffic = entry.traffic ? trafficText(entry.traffic) : undefined;
  const detail = [entry.health && `targets ${entry.health}`, entry.alarms && `alarms ${entry.alarms}`].filter(Boolean).join('; ');
  return `${entry.event}${traffic ? ` (${traffic})` : ''}${detail ? `: ${detail}` : ''}`;
}
