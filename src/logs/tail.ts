import { GetLogEventsCommand, type CloudWatchLogsClient, type GetLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { errorName } from '../aws/error-kind.js';
import { systemClock, type Clock } from '../wait/clock.js';
import type { LogStreamRef } from './follower.js';

/**
 * A container's last lines can reach CloudWatch after its task stopped: the awslogs driver ships
 * in batches and CloudWatch ingests with a delay. The tail is read again until it has stayed
 * unchanged from QUIET_MS after the stop on, and never past SETTLE_MS after it.
 */
const QUIET_MS = 2_000;
const SETTLE_MS = 6_000;
const POLL_MS = 500;
/** Pages read per look: GetLogEvents may answer empty pages before the events. */
const MAX_PAGES = 10;

type Logs = Pick<CloudWatchLogsClient, 'send'>;

interface Tail {
  lines: string[];
  forwardToken?: string;
}

/**
 * The last lines of a log stream (oldest first), for failure reports: a crashed container's
 * last words. A stream that does not exist (the container never started) gives no lines.
 * With `stoppedAt` (when the task stopped), lines still on their way are waited for, briefly.
 */
export async function lastLogLines(options: {
  logs: Logs;
  location: LogStreamRef;
  limit: number;
  stoppedAt?: Date;
  clock?: Clock;
}): Promise<string[]> {
  const clock = options.clock ?? systemClock;
  // A stop time ahead of our clock (skew) counts as now, so the wait stays bounded.
  const stoppedAt = Math.min(options.stoppedAt?.getTime() ?? -Infinity, clock.now());
  let tail = await readTail(options);
  // A first read past the quiet point is enough; an earlier one is followed by one at it.
  for (let grew = false; ;) {
    const sinceStop = clock.now() - stoppedAt;
    if (sinceStop >= SETTLE_MS || (sinceStop >= QUIET_MS && !grew)) break;
    // Before the quiet point, one read at it; after it, while the tail grows, a read a poll apart.
    await clock.sleep(sinceStop < QUIET_MS ? QUIET_MS - sinceStop : POLL_MS);
    const before = tail?.lines.join('\n');
    tail = tail ? await readForward(options, tail) : await readTail(options);
    grew = tail?.lines.join('\n') !== before;
  }
  return tail?.lines ?? [];
}

const messages = (response: GetLogEventsCommandOutput) =>
  (response.events ?? []).map((event) => (event.message ?? '').replace(/\r?\n$/, ''));

async function send(options: { logs: Logs; location: LogStreamRef; limit: number }, input: { startFromHead: boolean; nextToken?: string }) {
  try {
    return await options.logs.send(
      new GetLogEventsCommand({
        logGroupName: options.location.group,
        logStreamName: options.location.stream,
        limit: options.limit,
        ...input,
      }),
    );
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** The end of the stream; undefined while it does not exist. Empty pages are read through backwards. */
async function readTail(options: { logs: Logs; location: LogStreamRef; limit: number }): Promise<Tail | undefined> {
  const first = await send(options, { startFromHead: false });
  if (!first) return undefined;
  let lines = messages(first);
  let token = first.nextBackwardToken;
  for (let page = 1; page < MAX_PAGES && !lines.length && token; page++) {
    const older = await send(options, { startFromHead: false, nextToken: token });
    if (!older) break;
    lines = messages(older);
    if (older.nextBackwardToken === token) break;
    token = older.nextBackwardToken;
  }
  return { lines: lines.slice(-options.limit), forwardToken: first.nextForwardToken };
}

/** What came after the tail, read forward until the token repeats (the end for now). */
async function readForward(options: { logs: Logs; location: LogStreamRef; limit: number }, tail: Tail): Promise<Tail> {
  let { lines, forwardToken } = tail;
  for (let page = 0; page < MAX_PAGES && forwardToken; page++) {
    const response = await send(options, { startFromHead: true, nextToken: forwardToken });
    if (!response) break;
    lines = [...lines, ...messages(response)].slice(-options.limit);
    const advanced = response.nextForwardToken !== forwardToken;
    forwardToken = response.nextForwardToken ?? forwardToken;
    if (!advanced) break;
  }
  return { lines, forwardToken };
}
