import type { World } from '../../world.js';

/** EventBridge Scheduler state: schedule groups (with tags) and the schedules in them, per region. */
export interface GroupRecord {
  name: string;
  arn: string;
  region: string;
  creationDate: number;
  tags: Map<string, string>;
}

/** A schedule as stored: exactly what the last Create/UpdateSchedule sent, defaults filled in. */
export interface ScheduleRecord {
  region: string;
  group: string;
  name: string;
  arn: string;
  creationDate: number;
  lastModificationDate: number;
  fields: Record<string, any>;
}

export interface SchedulerState {
  groups: Map<string, GroupRecord>;
  schedules: Map<string, ScheduleRecord>;
}

export const schedulerState = (world: World): SchedulerState =>
  world.stateOf('scheduler', () => ({ groups: new Map(), schedules: new Map() }));

export const groupKey = (region: string, name: string) => `${region}|${name}`;
export const scheduleKey = (region: string, group: string, name: string) => `${region}|${group}|${name}`;

/** The "default" group exists in every region without being created, as in AWS. */
export function findGroup(world: World, region: string, name: string): GroupRecord | undefined {
  const state = schedulerState(world);
  const found = state.groups.get(groupKey(region, name));
  if (found || name !== 'default') return found;
  const group: GroupRecord = {
    name,
    arn: `arn:aws:scheduler:${region}:${world.accountId}:schedule-group/default`,
    region,
    creationDate: Date.now() / 1000,
    tags: new Map(),
  };
  state.groups.set(groupKey(region, name), group);
  return group;
}
