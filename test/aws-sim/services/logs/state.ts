import type { World } from '../../world.js';

/**
 * CloudWatch Logs state: groups, streams and their events. Other services write through
 * `appendLogEvents` (ECS's awslogs driver writes container output here).
 */
export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogStream {
  name: string;
  createdAt: number;
  events: LogEvent[];
  lastIngestionTime?: number;
}

export interface LogGroup {
  name: string;
  createdAt: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
}

export interface LogsState {
  groups: Map<string, LogGroup>;
}

export const logsState = (world: World): LogsState => world.stateOf('logs', () => ({ groups: new Map() }));

export function createGroup(world: World, name: string): LogGroup {
  const group: LogGroup = { name, createdAt: Date.now(), streams: new Map() };
  logsState(world).groups.set(name, group);
  return group;
}

export function createStream(group: LogGroup, name: string): LogStream {
  const stream: LogStream = { name, createdAt: Date.now(), events: [] };
  group.streams.set(name, stream);
  return stream;
}

/** Events already ingested: what a reader can see now. */
export const ingested = (events: LogEvent[], now = Date.now()): LogEvent[] => events.filter((e) => e.ingestionTime <= now);

/**
 * Appends lines to a stream, creating the group (awslogs-create-group) and stream as needed.
 * Each line gets its own timestamp (now, or `timestamps[i]`), as a log driver sends them.
 */
export function appendLogEvents(
  world: World,
  target: { group: string; stream: string; messages: string[]; createGroup?: boolean; timestamps?: number[]; batchMs?: number },
): void {
  let group = logsState(world).groups.get(target.group);
  if (!group) {
    if (target.createGroup === false) return;
    group = createGroup(world, target.group);
  }
  const stream = group.streams.get(target.stream) ?? createStream(group, target.stream);
  const now = Date.now();
  // A log driver that ships in batches: a line is ingested (and readable) when its batch is sent.
  const batchMs = target.batchMs ?? 0;
  const ingestionTime = batchMs > 0 ? stream.createdAt + Math.ceil((now - stream.createdAt + 1) / batchMs) * batchMs : now;
  target.messages.forEach((message, index) => {
    stream.events.push({ timestamp: target.timestamps?.[index] ?? now, message, ingestionTime });
  });
  if (target.messages.length) {
    stream.events.sort((a, b) => a.timestamp - b.timestamp);
    stream.lastIngestionTime = now;
  }
}
