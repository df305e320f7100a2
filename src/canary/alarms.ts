import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { alarmStatesLine, firedAlarmText } from '../cloudwatch/alarm-text.js';
import { describeAlarmStates, firingAlarms } from '../cloudwatch/alarms.js';

/** What an alarm check says: the states in one line, and why the canary must go back, if it must. */
export interface AlarmReading {
  alarms?: string;
  failure?: string;
}

export async function readAlarms(cloudwatch: Pick<CloudWatchClient, 'send'>, names: string[]): Promise<AlarmReading> {
  if (!names.length) return {};
  const states = await describeAlarmStates(cloudwatch, names);
  const fired = firingAlarms(states);
  const failure = fired.map(firedAlarmText).join('; ');
  return { alarms: alarmStatesLine(states), ...(failure ? { failure: failure.charAt(0).toUpperCase() + failure.slice(1) } : {}) };
}
