import type { AlarmState } from './alarms.js';

/** "api-5xx OK, api-latency ALARM": the alarm states in one line, for logs and the timeline. */
export function alarmStatesLine(states: AlarmState[]): string {
  return states.map((alarm) => `${alarm.name} ${alarm.state}`).join(', ');
}

/** `alarm "api-5xx" is in ALARM: Threshold Crossed: ...`: what a person needs to know of a fired alarm. */
export function firedAlarmText(alarm: AlarmState): string {
  return `alarm "${alarm.name}" is in ALARM${alarm.reason ? `: ${alarm.reason}` : ''}`;
}
