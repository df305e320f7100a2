import { GetLogEventsCommand, type CloudWatchLogsClient, type OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { errorName } from '../aws/error-kind.js';

/** At most this many pages per poll, so a very chatty container cannot starve the task waiter. */
const MAX_PAGES_PER_POLL = 20;
/** Lines kept for "the last lines" of a failure. */
const KEEP_LAST = 200;
/** Above this many remembered events, forget those much older than the newest. */
const REMEMBER_MAX = 5000;
const REMEMBER_WINDOW_MS = 10 * 60_000;

export interface LogStreamRef {
  group: string;
  stream: string;
}

const isNotFound = (error: unknown) => errorName(error) === 'ResourceNotFoundException';

/**
 * Follows one CloudWatch log stream from its start with GetLogEvents' forward token, handing each
 * new line to `onLine` exactly once. A stream (or group) that does not exist yet is "nothing yet":
 * the awslogs driver creates it when the container starts.
 *
 * The token already avoids repeats; on top of it, events are remembered by timestamp and message
 * so a page served twice (a token that did not advance, overlapping pages) prints nothing again.
 * Identical lines within one page are all printed; an identical line with the same timestamp in a
 * later page is taken for a repeat (the price of not having event ids in GetLogEvents).
 */
export class LogFollower {
  private token: string | undefined;
  private readonly printed = new Map<string, number>();
  private newest = 0;
  private readonly recent: string[] = [];
  /** True once the stream has been seen. */
  found = false;

  constructor(
    private readonly options: {
      logs: Pick<CloudWatchLogsClient, 'send'>;
      location: LogStreamRef;
      onLine: (line: string) => void;
    },
  ) {}

  /** Reads everything new since the last poll; returns how many new lines were handed out. */
  async poll(): Promise<number> {
    let count = 0;
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      let response;
      try {
        response = await this.options.logs.send(
          new GetLogEventsCommand({
            logGroupName: this.options.location.group,
            logStreamName: this.options.location.stream,
            startFromHead: true,
            nextToken: this.token,
          }),
        );
      } catch (error) {
        if (isNotFound(error)) return count;
        throw error;
      }
      this.found = true;
      for (const line of this.fresh(response.events ?? [])) {
        count++;
        this.recent.push(line);
        if (this.recent.length > KEEP_LAST) this.recent.shift();
        this.options.onLine(line);
      }
      const next = response.nextForwardToken;
      const advanced = Boolean(next) && next !== this.token;
      if (next) this.token = next;
      // The same token back means the end of the stream for now. An advanced token may still
      // come with an empty page (CloudWatch says so), hence no stop on empty pages.
      if (!advanced) break;
    }
    return count;
  }

  /** The last `count` lines handed out so far (at most 200 are kept). */
  lastLines(count: number): string[] {
    return this.recent.slice(-count);
  }

  private fresh(events: OutputLogEvent[]): string[] {
    const inPage = new Map<string, number>();
    const lines: string[] = [];
    for (const event of events) {
      const message = (event.message ?? '').replace(/\r?\n$/, '');
      const timestamp = event.timestamp ?? 0;
      const key = `${timestamp}\u0000${message}`;
      const seen = (inPage.get(key) ?? 0) + 1;
      inPage.set(key, seen);
      if (seen <= (this.printed.get(key) ?? 0)) continue;
      this.printed.set(key, seen);
      this.newest = Math.max(this.newest, timestamp);
      lines.push(message);
    }
    this.forgetOld();
    return lines;
  }

  private forgetOld(): void {
    if (this.printed.size <= REMEMBER_MAX) return;
    for (const key of this.printed.keys()) {
      if (Number(key.slice(0, key.indexOf('\u0000'))) < this.newest - REMEMBER_WINDOW_MS) this.printed.delete(key);
    }
  }
}
