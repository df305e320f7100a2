import type { World } from '../../world.js';
import { evaluateRule, referencedAlarms } from './composite.js';

/**
 * CloudWatch alarms, metric and composite, per region. An alarm keeps the fields it was put with
 * (as PutMetricAlarm / PutCompositeAlarm replace an alarm's whole configuration) and its state.
 * State changes may be scheduled for a moment (setAlarmState with atMs): they are applied, in time
 * order, before any call reads or writes alarms, so no timer outlives a test.
 */

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const STATE_VALUES: AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

export interface AlarmRecord {
  type: 'MetricAlarm' | 'CompositeAlarm';
  name: string;
  arn: string;
  region: string;
  /** The configuration as last put, without AlarmName and Tags. */
  fields: Record<string, unknown>;
  configurationUpdatedMs: number;
  state: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedMs: number;
  /** When the state last changed value (a SetAlarmState to the same value does not move it). */
  stateTransitionedMs: number;
}

interface ScheduledChange {
  region: string;
  name: string;
  state: AlarmStateValue;
  reason: string;
  reasonData?: string;
  atMs: number;
}

interface CloudWatchState {
  alarms: Map<string, AlarmRecord>;
  scheduled: ScheduledChange[];
}

const key = (region: string, name: string) => `${region}|${name}`;

export function cloudwatchState(world: World): CloudWatchState {
  return world.stateOf('cloudwatch', () => ({ alarms: new Map(), scheduled: [] }));
}

/** Applies every scheduled change whose moment has come, oldest first. */
export function applyDueChanges(world: World, nowMs = Date.now()): void {
  const state = cloudwatchState(world);
  const due = state.scheduled.filter((change) => change.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs);
  state.scheduled = state.scheduled.filter((change) => change.atMs > nowMs);
  for (const change of due) {
    const alarm = state.alarms.get(key(change.region, change.name));
    if (alarm) setState(world, alarm, change, change.atMs);
  }
}

export function findAlarm(world: World, region: string, name: string): AlarmRecord | undefined {
  applyDueChanges(world);
  return cloudwatchState(world).alarms.get(key(region, name));
}

export function alarmsIn(world: World, region: string): AlarmRecord[] {
  applyDueChanges(world);
  return [...cloudwatchState(world).alarms.values()].filter((alarm) => alarm.region === region);
}

/** Creates the alarm (INSUFFICIENT_DATA, as CloudWatch starts one) or replaces its configuration, keeping its state. */
export function putAlarm(
  world: World,
  options: { region: string; type: AlarmRecord['type']; name: string; fields: Record<string, unknown> },
): AlarmRecord {
  applyDueChanges(world);
  const alarms = cloudwatchState(world).alarms;
  const now = Date.now();
  const existing = alarms.get(key(options.region, options.name));
  const record: AlarmRecord =
    existing && existing.type === options.type
      ? { ...existing, fields: options.fields, configurationUpdatedMs: now }
      : {
          type: options.type,
          name: options.name,
          arn: `arn:aws:cloudwatch:${options.region}:${world.accountId}:alarm:${options.name}`,
          region: options.region,
          fields: options.fields,
          configurationUpdatedMs: now,
          state: 'INSUFFICIENT_DATA',
          stateReason: 'Unchecked: Initial alarm creation',
          stateUpdatedMs: now,
          stateTransitionedMs: now,
        };
  alarms.set(key(options.region, options.name), record);
  if (record.type === 'CompositeAlarm') evaluateComposite(world, record, Date.now());
  return record;
}

export function changeState(
  alarm: AlarmRecord,
  change: { state: AlarmStateValue; reason: string; reasonData?: string },
  atMs = Date.now(),
): void {
  if (alarm.state !== change.state) alarm.stateTransitionedMs = atMs;
  alarm.state = change.state;
  alarm.stateReason = change.reason;
  alarm.stateReasonData = change.reasonData;
  alarm.stateUpdatedMs = atMs;
}

/**
 * For tests: sets an alarm's state now, as SetAlarmState does, or at `atMs` (epoch milliseconds,
 * e.g. Date.now() + 300 to fire during a bake). The alarm must exist by then.
 */
export function setAlarmState(
  world: World,
  name: string,
  state: AlarmStateValue,
  reason: string,
  options: { atMs?: number; region?: string; reasonData?: string } = {},
): void {
  const region = options.region ?? 'us-east-1';
  const change: ScheduledChange = { region, name, state, reason, reasonData: options.reasonData, atMs: options.atMs ?? Date.now() };
  if (options.atMs !== undefined && options.atMs > Date.now()) {
    cloudwatchState(world).scheduled.push(change);
    return;
  }
  const alarm = findAlarm(world, region, name);
  if (!alarm) throw new Error(`setAlarmState: no alarm named ${name} in ${region}`);
  setState(world, alarm, change, change.atMs);
}

/**
 * Changes an alarm's state as CloudWatch does, then re-evaluates every composite alarm whose rule
 * names it (and those naming them, and so on): a composite follows its children.
 */
export function setState(
  world: World,
  alarm: AlarmRecord,
  change: { state: AlarmStateValue; reason: string; reasonData?: string },
  atMs = Date.now(),
): void {
  const before = alarm.state;
  changeState(alarm, change, atMs);
  if (before === alarm.state) return;
  const composites = [...cloudwatchState(world).alarms.values()].filter(
    (other) =>
      other.type === 'CompositeAlarm' &&
      other.region === alarm.region &&
      referencedAlarms(String(other.fields.AlarmRule ?? '')).includes(alarm.name),
  );
  for (const composite of composites) evaluateComposite(world, composite, atMs);
}

function evaluateComposite(world: World, composite: AlarmRecord, atMs: number): void {
  const alarms = cloudwatchState(world).alarms;
  const value = evaluateRule(String(composite.fields.AlarmRule ?? ''), (name) => alarms.get(key(composite.region, name))?.state);
  if (value === undefined) return;
  const state: AlarmStateValue = value ? 'ALARM' : 'OK';
  if (state === composite.state) return;
  setState(
    world,
    composite,
    {
      state,
      reason: `arn:aws:cloudwatch:${composite.region}:${world.accountId}:alarm:${composite.name} rule ${value ? 'is' : 'is no longer'} true: ${String(composite.fields.AlarmRule)}`,
    },
    atMs,
  );
}

/** For tests: a metric alarm as PutMetricAlarm would make it, with the fields a typical 5xx alarm has. */
export function putMetricAlarmForTest(world: World, name: string, region = 'us-east-1'): AlarmRecord {
  return putAlarm(world, {
    region,
    type: 'MetricAlarm',
    name,
    fields: {
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    },
  });
}
