import { isUnreachable } from '../aws/error-kind.js';
import { describeError } from '../errors.js';
import { formatDuration } from '../format.js';

/** How long a wait goes on while AWS does not answer at all, unless an input says otherwise. */
export const DEFAULT_UNREACHABLE_TIMEOUT_MS = 5 * 60_000;
/** While AWS stays silent, a reminder line this often at most (five per unreachable timeout). */
const REMINDER_MAX_EVERY_MS = 60_000;

/**
 * Keeps count of how long AWS has not answered a wait's polls (5xx, no connection): one line when
 * it starts, a reminder now and then, one when AWS answers again, and the sentence to give up with
 * once it has lasted `limitMs`. Throttling is an answer (AWS is there, asking us to slow down): it
 * is said once per run of throttled polls and neither starts nor ends an outage.
 */
export class OutageClock {
  private since: number | undefined;
  private lastLine = 0;
  private throttledSaid = false;

  constructor(
    private readonly options: {
      /** Starts each line: "api", "Task abc123". */
      subject: string;
      limitMs: number;
      now: () => number;
      say: (line: string) => void;
    },
  ) {}

  /** A poll got its answers. */
  answered(): void {
    this.throttledSaid = false;
    if (this.since === undefined) return;
    this.say(`AWS answers again after ${formatDuration(this.options.now() - this.since)}`);
    this.since = undefined;
  }

  /**
   * A poll started at `startedAt` failed with a transient error. Returns why the wait should give
   * up ("AWS has not answered for 5m (last error: ...)"), or undefined to go on.
   */
  failed(error: unknown, startedAt: number): string | undefined {
    const text = describeError(error);
    if (!isUnreachable(error)) {
      if (!this.throttledSaid && this.since === undefined) this.say(`${text}; still waiting`);
      this.throttledSaid = true;
      return undefined;
    }
    const now = this.options.now();
    const { limitMs } = this.options;
    if (this.since === undefined) {
      this.since = startedAt;
      this.lastLine = now;
      this.say(`AWS is not answering (${text}); still waiting, for up to ${formatDuration(limitMs)}`);
    }
    const silent = now - this.since;
    if (silent >= limitMs) return `AWS has not answered for ${formatDuration(limitMs)} (last error: ${text})`;
    if (now - this.lastLine >= Math.min(REMINDER_MAX_EVERY_MS, limitMs / 5)) {
      this.lastLine = now;
      this.say(`AWS has not answered for ${formatDuration(silent)} (last error: ${text}); still waiting`);
    }
    return undefined;
  }

  /** How long AWS has been silent, while it is; undefined when it answers. */
  silentForMs(): number | undefined {
    return this.since === undefined ? undefined : this.options.now() - this.since;
  }

  private say(line: string): void {
    this.options.say(`${this.options.subject}: ${line}`);
  }
}
