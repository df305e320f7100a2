import { AwsError } from '../../errors.js';
import type { ServiceDefinition } from '../../types.js';
import { describeAlarms } from './describe.js';
import { findAlarm, putAlarm, setState, STATE_VALUES, type AlarmStateValue } from './state.js';

/**
 * CloudWatch alarms. The current client (3.1164) speaks AWS JSON 1.0 to it:
 * X-Amz-Target GraniteServiceVersion20100801.<Operation>, with x-amzn-query-mode: true (the
 * service was a query service; its errors keep their query codes).
 */

const required = (input: Record<string, unknown>, member: string) => {
  if (input[member] === undefined || input[member] === '')
    throw new AwsError('MissingRequiredParameterException', `The parameter ${member} is required.`);
  return input[member];
};

function stateValueOf(value: unknown): AlarmStateValue {
  if (!STATE_VALUES.includes(value as AlarmStateValue)) {
    throw new AwsError(
      'InvalidParameterValueException',
      `1 validation error detected: Value '${String(value)}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]`,
    );
  }
  return value as AlarmStateValue;
}

/** The configuration a Put keeps: everything sent but the name and tags. */
function fieldsOf(input: Record<string, unknown>): Record<string, unknown> {
  const { AlarmName: _name, Tags: _tags, ...fields } = input;
  return fields;
}

export const cloudwatch: ServiceDefinition = {
  signingName: 'monitoring',
  protocol: 'json',
  targetPrefix: 'GraniteServiceVersion20100801',
  handlers: {
    PutMetricAlarm(input, ctx) {
      for (const member of ['AlarmName', 'EvaluationPeriods', 'ComparisonOperator']) required(input, member);
      putAlarm(ctx.world, { region: ctx.region, type: 'MetricAlarm', name: String(input.AlarmName), fields: fieldsOf(input) });
      return {};
    },
    PutCompositeAlarm(input, ctx) {
      for (const member of ['AlarmName', 'AlarmRule']) required(input, member);
      putAlarm(ctx.world, { region: ctx.region, type: 'CompositeAlarm', name: String(input.AlarmName), fields: fieldsOf(input) });
      return {};
    },
    DescribeAlarms: (input, ctx) => describeAlarms(ctx.world, ctx.region, input),
    SetAlarmState(input, ctx) {
      for (const member of ['AlarmName', 'StateValue', 'StateReason']) required(input, member);
      const state = stateValueOf(input.StateValue);
      if (input.StateReasonData !== undefined) {
        try {
          JSON.parse(String(input.StateReasonData));
        } catch {
          throw new AwsError('InvalidFormatFault', 'StateReasonData is not valid JSON.');
        }
      }
      const alarm = findAlarm(ctx.world, ctx.region, String(input.AlarmName));
      if (!alarm) throw new AwsError('ResourceNotFound', `Alarm ${String(input.AlarmName)} not found`, 404);
      setState(ctx.world, alarm, { state, reason: String(input.StateReason), reasonData: input.StateReasonData });
      return {};
    },
  },
};
