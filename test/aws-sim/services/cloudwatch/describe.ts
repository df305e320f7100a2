import { AwsError } from '../../errors.js';
import type { World } from '../../world.js';
import { alarmsIn, STATE_VALUES, type AlarmRecord } from './state.js';

/**
 * DescribeAlarms as CloudWatch answers it. Without AlarmTypes only metric alarms come back, even
 * when a composite alarm of a requested name exists; AlarmNames and AlarmNamePrefix exclude each
 * other; pages hold MaxRecords alarms (1 to 100, default 50) across both types.
 */

const DEFAULT_MAX_RECORDS = 50;
const ALARM_TYPES = ['MetricAlarm', 'CompositeAlarm'];

const seconds = (ms: number) => ms / 1000;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message);
}

export function describeAlarms(world: World, region: string, input: Record<string, any>) {
  const names: string[] | undefined = input.AlarmNames;
  const prefix: string | undefined = input.AlarmNamePrefix;
  if (names?.length && prefix !== undefined) {
    throw new AwsError('InvalidParameterCombinationException', 'AlarmNamePrefix and AlarmNames cannot both be specified.');
  }
  if (names && names.length > 100) {
    throw invalid(
      `1 validation error detected: Value '[${names.join(', ')}]' at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  }
  const types: string[] = input.AlarmTypes?.length ? input.AlarmTypes : ['MetricAlarm'];
  for (const type of types) {
    if (!ALARM_TYPES.includes(type)) {
      throw invalid(
        `1 validation error detected: Value '[${types.join(', ')}]' at 'alarmTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]]`,
      );
    }
  }
  if (input.StateValue !== undefined && !STATE_VALUES.includes(input.StateValue)) {
    throw invalid(
      `1 validation error detected: Value '${input.StateValue}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]`,
    );
  }
  const maxRecords = input.MaxRecords === undefined ? DEFAULT_MAX_RECORDS : Number(input.MaxRecords);
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100) {
    throw invalid(
      `1 validation error detected: Value '${input.MaxRecords}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  }

  const matching = alarmsIn(world, region)
    .filter((alarm) => types.includes(alarm.type))
    .filter((alarm) => (names?.length ? names.includes(alarm.name) : true))
    .filter((alarm) => (prefix !== undefined ? alarm.name.startsWith(prefix) : true))
    .filter((alarm) => (input.StateValue ? alarm.state === input.StateValue : true))
    .filter((alarm) => (input.ActionPrefix ? actionsOf(alarm).some((arn) => arn.startsWith(input.ActionPrefix)) : true))
    .sort((a, b) => a.type.localeCompare(b.type) * -1 || a.name.localeCompare(b.name)); // metric alarms first, each by name

  const start = input.NextToken === undefined ? 0 : pageStart(input.NextToken, matching.length);
  const page = matching.slice(start, start + maxRecords);
  const next = start + maxRecords < matching.length ? pageToken(start + maxRecords) : undefined;
  return {
    MetricAlarms: page.filter((alarm) => alarm.type === 'MetricAlarm').map(metricAlarm),
    CompositeAlarms: page.filter((alarm) => alarm.type === 'CompositeAlarm').map(compositeAlarm),
    ...(next ? { NextToken: next } : {}),
  };
}

const pageToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64');

function pageStart(token: string, total: number): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (Number.isInteger(offset) && offset >= 0 && offset <= total) return offset;
  } catch {
    // falls through to the error below
  }
  throw new AwsError('InvalidNextToken', 'The service returned an invalid next token.');
}

function actionsOf(alarm: AlarmRecord): string[] {
  const { AlarmActions = [], OKActions = [], InsufficientDataActions = [] } = alarm.fields as Record<string, string[]>;
  return [...AlarmActions, ...OKActions, ...InsufficientDataActions];
}

function common(alarm: AlarmRecord) {
  const { AlarmActions = [], OKActions = [], InsufficientDataActions = [], ActionsEnabled = true } = alarm.fields;
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    ...(alarm.fields.AlarmDescription !== undefined ? { AlarmDescription: alarm.fields.AlarmDescription } : {}),
    AlarmConfigurationUpdatedTimestamp: seconds(alarm.configurationUpdatedMs),
    ActionsEnabled,
    OKActions,
    AlarmActions,
    InsufficientDataActions,
    StateValue: alarm.state,
    StateReason: alarm.stateReason,
    ...(alarm.stateReasonData !== undefined ? { StateReasonData: alarm.stateReasonData } : {}),
    StateUpdatedTimestamp: seconds(alarm.stateUpdatedMs),
    StateTransitionedTimestamp: seconds(alarm.stateTransitionedMs),
  };
}

function metricAlarm(alarm: AlarmRecord) {
  const {
    AlarmDescription: _d,
    AlarmActions: _a,
    OKActions: _o,
    InsufficientDataActions: _i,
    ActionsEnabled: _e,
    ...metric
  } = alarm.fields;
  return { ...common(alarm), Dimensions: [], ...metric };
}

function compositeAlarm(alarm: AlarmRecord) {
  return { ...common(alarm), AlarmRule: alarm.fields.AlarmRule };
}
