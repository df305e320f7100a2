import { AwsError } from '../../errors.js';
import type { Handler, RequestContext } from '../../types.js';
import { appendLogEvents, createGroup, createStream, ingested, logsState, type LogEvent, type LogGroup, type LogStream } from './state.js';

/** CloudWatch Logs operations over services/logs/state.ts, with AWS's error texts and token semantics. */

const invalid = (message: string) => new AwsError('InvalidParameterException', message);
const groupMissing = () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
const streamMissing = () => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');

const groupArn = (ctx: RequestContext, name: string) => `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;

/** logGroupName or logGroupIdentifier (a name or an ARN, with or without ":*"). */
function groupNameOf(input: any): string {
  if (input.logGroupName && input.logGroupIdentifier) {
    throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const ref: unknown = input.logGroupName ?? input.logGroupIdentifier;
  if (typeof ref !== 'string' || !ref)
    throw invalid("1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null");
  return ref.includes(':log-group:') ? ref.split(':log-group:')[1].replace(/:\*$/, '') : ref;
}

function requireGroup(ctx: RequestContext, input: any): LogGroup {
  const group = logsState(ctx.world).groups.get(groupNameOf(input));
  if (!group) throw groupMissing();
  return group;
}

function requireStream(group: LogGroup, name: unknown): LogStream {
  const stream = typeof name === 'string' ? group.streams.get(name) : undefined;
  if (!stream) throw streamMissing();
  return stream;
}

/** Opaque offset tokens for the Describe* and FilterLogEvents pagination. */
const offsetToken = (offset: number) => Buffer.from(`sim-offset:${offset}`).toString('base64');
function readOffset(token: unknown): number {
  if (token === undefined) return 0;
  const match = /^sim-offset:(\d+)$/.exec(Buffer.from(String(token), 'base64').toString('utf8'));
  if (!match) throw invalid('The specified nextToken is invalid.');
  return Number(match[1]);
}

function page<T>(items: T[], input: { nextToken?: string; limit?: number }, defaultLimit: number) {
  const start = readOffset(input.nextToken);
  const limit = input.limit ?? defaultLimit;
  const slice = items.slice(start, start + limit);
  return { slice, nextToken: start + limit < items.length ? offsetToken(start + limit) : undefined };
}

/** GetLogEvents tokens: "f/<position>" reads forward from a position, "b/<position>" backward. */
const pad = (n: number) => String(n).padStart(56, '0');
const forwardToken = (position: number, emptied = false) => `f/${pad(position)}/${emptied ? 'e' : 's'}`;
const backwardToken = (position: number) => `b/${pad(position)}/s`;
/** A token ending in "/e" comes from an empty page (modes.logEmptyPages): the next read returns the events. */
function readEventToken(token: string): { direction: 'f' | 'b'; position: number; emptied: boolean } {
  const match = /^([fb])\/(\d+)\/([se])$/.exec(token);
  if (!match) throw invalid('The specified nextToken is invalid.');
  return { direction: match[1] as 'f' | 'b', position: Number(match[2]), emptied: match[3] === 'e' };
}

const inRange = (input: any) => (e: LogEvent) =>
  (input.startTime === undefined || e.timestamp >= input.startTime) && (input.endTime === undefined || e.timestamp < input.endTime);

/** Events a reader can see: with a log ingestion delay (modes.logBatchMs), only those already ingested. */
const readable = (ctx: RequestContext, events: LogEvent[]) => (ctx.modes.logBatchMs > 0 ? ingested(events) : events);

const outputEvent = (e: LogEvent) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime });

/** Filter patterns: space-separated terms that must all appear, "quoted phrases", -term to exclude, ?term for any-of. */
export function matchesPattern(pattern: string | undefined, message: string): boolean {
  if (!pattern?.trim() || /^\s*[{[]/.test(pattern)) return true;
  const terms = pattern.match(/[-?]?"[^"]*"|\S+/g) ?? [];
  const unquote = (t: string) => t.replace(/^[-?]/, '').replace(/^"(.*)"$/, '$1');
  const optional = terms.filter((t) => t.startsWith('?')).map(unquote);
  const excluded = terms.filter((t) => t.startsWith('-')).map(unquote);
  const required = terms.filter((t) => !t.startsWith('?') && !t.startsWith('-')).map(unquote);
  if (excluded.some((t) => message.includes(t))) return false;
  if (!required.every((t) => message.includes(t))) return false;
  return !optional.length || optional.some((t) => message.includes(t));
}

function describeStream(ctx: RequestContext, group: LogGroup, stream: LogStream) {
  return {
    logStreamName: stream.name,
    creationTime: stream.createdAt,
    firstEventTimestamp: stream.events[0]?.timestamp,
    lastEventTimestamp: stream.events.at(-1)?.timestamp,
    lastIngestionTime: stream.lastIngestionTime,
    uploadSequenceToken: String(stream.events.length + 1).padStart(56, '4'),
    arn: `${groupArn(ctx, group.name)}:log-stream:${stream.name}`,
    storedBytes: 0,
  };
}

export const logsHandlers: Record<string, Handler> = {
  CreateLogGroup(input, ctx) {
    const name = groupNameOf(input);
    if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
      throw invalid(
        `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
      );
    }
    if (logsState(ctx.world).groups.has(name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    }
    createGroup(ctx.world, name);
    return {};
  },

  DeleteLogGroup(input, ctx) {
    const group = requireGroup(ctx, input);
    logsState(ctx.world).groups.delete(group.name);
    return {};
  },

  PutRetentionPolicy(input, ctx) {
    requireGroup(ctx, input).retentionInDays = input.retentionInDays;
    return {};
  },

  DescribeLogGroups(input, ctx) {
    if (input.logGroupNamePrefix && input.logGroupNamePattern) {
      throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    const groups = [...logsState(ctx.world).groups.values()]
      .filter((g) => !input.logGroupNamePrefix || g.name.startsWith(input.logGroupNamePrefix))
      .filter((g) => !input.logGroupNamePattern || g.name.toLowerCase().includes(String(input.logGroupNamePattern).toLowerCase()))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { slice, nextToken } = page(groups, input, 50);
    return {
      logGroups: slice.map((g) => ({
        logGroupName: g.name,
        creationTime: g.createdAt,
        retentionInDays: g.retentionInDays,
        metricFilterCount: 0,
        arn: `${groupArn(ctx, g.name)}:*`,
        logGroupArn: groupArn(ctx, g.name),
        storedBytes: 0,
        logGroupClass: 'STANDARD',
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },

  CreateLogStream(input, ctx) {
    const group = requireGroup(ctx, input);
    const name = input.logStreamName;
    if (typeof name !== 'string' || !name || name.includes(':') || name.includes('*')) {
      throw invalid(
        `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
      );
    }
    if (group.streams.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    createStream(group, name);
    return {};
  },

  DeleteLogStream(input, ctx) {
    const group = requireGroup(ctx, input);
    const stream = requireStream(group, input.logStreamName);
    group.streams.delete(stream.name);
    return {};
  },

  DescribeLogStreams(input, ctx) {
    const group = requireGroup(ctx, input);
    const orderBy = input.orderBy ?? 'LogStreamName';
    if (orderBy === 'LastEventTime' && input.logStreamNamePrefix) {
      throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const key = (s: LogStream) => s.events.at(-1)?.timestamp ?? 0;
    const streams = [...group.streams.values()]
      .filter((s) => !input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix))
      .sort((a, b) => (orderBy === 'LastEventTime' ? key(a) - key(b) : a.name.localeCompare(b.name)));
    if (input.descending) streams.reverse();
    const { slice, nextToken } = page(streams, input, 50);
    return { logStreams: slice.map((s) => describeStream(ctx, group, s)), ...(nextToken ? { nextToken } : {}) };
  },

  PutLogEvents(input, ctx) {
    const group = requireGroup(ctx, input);
    const stream = requireStream(group, input.logStreamName);
    const events: Array<{ timestamp: number; message: string }> = input.logEvents ?? [];
    if (!events.length)
      throw invalid(
        "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    for (let i = 1; i < events.length; i += 1) {
      if (events[i].timestamp < events[i - 1].timestamp) {
        throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
      }
    }
    appendLogEvents(ctx.world, {
      group: group.name,
      stream: stream.name,
      messages: events.map((e) => e.message),
      timestamps: events.map((e) => e.timestamp),
    });
    return { nextSequenceToken: String(stream.events.length + 1).padStart(56, '4') };
  },

  GetLogEvents(input, ctx) {
    const group = requireGroup(ctx, input);
    const stream = requireStream(group, input.logStreamName);
    const limit = input.limit ?? 10000;
    if (limit < 1 || limit > 10000) throw invalid('limit must be between 1 and 10000.');
    const events = readable(ctx, stream.events).filter(inRange(input));
    let start: number;
    let end: number;
    if (input.nextToken) {
      const token = readEventToken(input.nextToken);
      const position = Math.min(token.position, events.length);
      // AWS: "This operation can return empty results while there are more log events available through the token."
      if (ctx.modes.logEmptyPages && token.direction === 'f' && !token.emptied && position < events.length) {
        return { events: [], nextForwardToken: forwardToken(position, true), nextBackwardToken: backwardToken(position) };
      }
      if (token.direction === 'f') {
        start = position;
        end = Math.min(events.length, position + limit);
      } else {
        end = position;
        start = Math.max(0, position - limit);
      }
    } else if (input.startFromHead) {
      start = 0;
      end = Math.min(events.length, limit);
    } else {
      end = events.length;
      start = Math.max(0, end - limit);
    }
    // The forward token is returned even when nothing new came: reading again with it returns the same token.
    return {
      events: events.slice(start, end).map(outputEvent),
      nextForwardToken: forwardToken(end),
      nextBackwardToken: backwardToken(start),
    };
  },

  FilterLogEvents(input, ctx) {
    const group = requireGroup(ctx, input);
    if (input.logStreamNames?.length && input.logStreamNamePrefix) {
      throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const limit = input.limit ?? 10000;
    const streams = [...group.streams.values()]
      .filter((s) => !input.logStreamNames?.length || input.logStreamNames.includes(s.name))
      .filter((s) => !input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix));
    const matched = streams
      .flatMap((s, streamIndex) => readable(ctx, s.events).map((e, eventIndex) => ({ stream: s.name, streamIndex, eventIndex, event: e })))
      .filter(({ event }) => inRange(input)(event) && matchesPattern(input.filterPattern, event.message))
      .sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.ingestionTime - b.event.ingestionTime);
    const { slice, nextToken } = page(matched, { nextToken: input.nextToken, limit }, limit);
    return {
      events: slice.map(({ stream, event, streamIndex, eventIndex }) => ({
        logStreamName: stream,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: `${pad(event.timestamp).slice(-20)}${String(streamIndex).padStart(6, '0')}${String(eventIndex).padStart(10, '0')}`,
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
};
