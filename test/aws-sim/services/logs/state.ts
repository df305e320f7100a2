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

/** Appends lines to a stream, creating the group (awslogs-create-group) and stream as needed. */
export function appendLogEvents(
  world: World,
  target: { group: string; stream: string; messages: string[]; createGroup?: boolean },
): void {
  const state = logsState(world);
  let group = state.groups.get(target.group);
  if (!group) {
    if (target.createGroup === false) return;
    group = { name: target.group, createdAt: Date.now(), streams: new Map() };
    state.groups.set(target.group, group);
  }
  let stream = group.streams.get(target.stream);
  if (!stream) {
    stream = { name: target.stream, createdAt: Date.now(), events: [] };
    group.streams.set(target.stream, stream);
  }
  const now = Date.now();
  for (const message of target.messages) stream.events.push({ timestamp: now, message, ingestionTime: now });
}
