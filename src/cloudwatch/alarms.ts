import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AlarmsNotFoundError } from './alarm-errors.js';

/**
 * Reads the states of named CloudWatch alarms, metric and composite alike. DescribeAlarms answers
 * only metric alarms unless AlarmTypes asks for composite ones too, so both are always asked for:
 * a composite gate left out would read as "missing", never as "in ALARM".
 */

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmState {
  name: string;
  state: AlarmStateValue;
  /** CloudWatch's StateReason: why the alarm is in this state, in its words. */
  reason: string;
  /** When the state last changed (StateUpdatedTimestamp). */
  updatedAt?: Date;
  type: 'metric' | 'composite';
}

type CloudWatch = Pick<CloudWatchClient, 'send'>;

/** DescribeAlarms takes at most 100 names a call, and pages its answer by MaxRecords (1 to 100). */
const NAMES_PER_CALL = 100;
const MAX_RECORDS = 100;

/**
 * The states of `names`, in the order given (duplicates once). Throws AlarmsNotFoundError naming
 * every name CloudWatch does not know, so a typo is never read as "no alarm fired".
 */
export async function describeAlarmStates(client: CloudWatch, names: string[]): Promise<AlarmState[]> {
  const wanted = [...new Set(names)];
  const found = new Map<string, AlarmState>();
  for (let at = 0; at < wanted.length; at += NAMES_PER_CALL) {
    for (const state of await describeChunk(client, wanted.slice(at, at + NAMES_PER_CALL))) found.set(state.name, state);
  }
  const missing = wanted.filter((name) => !found.has(name));
  if (missing.length) throw new AlarmsNotFoundError(missing);
  return wanted.map((name) => found.get(name)!);
}

/** The alarms among `states` that are in ALARM. */
export function firingAlarms(states: AlarmState[]): AlarmState[] {
  return states.filter((alarm) => alarm.state === 'ALARM');
}

async function describeChunk(client: CloudWatch, names: string[]): Promise<AlarmState[]> {
  const states: AlarmState[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeAlarmsCommand({
        AlarmNames: names,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: MAX_RECORDS,
        NextToken: nextToken,
      }),
    );
    for (const alarm of page.MetricAlarms ?? []) states.push(stateOf(alarm, 'metric'));
    for (const alarm of page.CompositeAlarms ?? []) states.push(stateOf(alarm, 'composite'));
    nextToken = page.NextToken;
  } while (nextToken);
  return states;
}

interface DescribedAlarm {
  AlarmName?: string;
  StateValue?: string;
  StateReason?: string;
  StateUpdatedTimestamp?: Date;
}

function stateOf(alarm: DescribedAlarm, type: AlarmState['type']): AlarmState {
  return {
    name: alarm.AlarmName ?? '',
    state: (alarm.StateValue ?? 'INSUFFICIENT_DATA') as AlarmStateValue,
    reason: alarm.StateReason ?? '',
    ...(alarm.StateUpdatedTimestamp ? { updatedAt: alarm.StateUpdatedTimestamp } : {}),
    type,
  };
}
