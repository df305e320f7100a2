import { describeAlarmStates, firingAlarms } from '../../../src/cloudwatch/alarms.js';
import { AlarmsNotFoundError } from '../../../src/cloudwatch/alarm-errors.js';
import { alarmStatesLine, firedAlarmText } from '../../../src/cloudwatch/alarm-text.js';
import { fakeClient } from '../fake-aws.js';

const metric = (name: string, state: string, reason = `${name} is ${state}`) => ({
  AlarmName: name,
  StateValue: state,
  StateReason: reason,
  StateUpdatedTimestamp: new Date('2026-01-01T00:00:00Z'),
});

test('reads metric and composite alarms, asking for both types, in the order named', async () => {
  const cw = fakeClient({
    DescribeAlarms: () => ({ MetricAlarms: [metric('api-5xx', 'OK')], CompositeAlarms: [metric('api-health', 'ALARM', 'child fired')] }),
  });
  const states = await describeAlarmStates(cw as any, ['api-health', 'api-5xx']);
  expect(cw.callsTo('DescribeAlarms')[0]).toMatchObject({
    AlarmNames: ['api-health', 'api-5xx'],
    AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
  });
  expect(states).toEqual([
    { name: 'api-health', state: 'ALARM', reason: 'child fired', updatedAt: new Date('2026-01-01T00:00:00Z'), type: 'composite' },
    { name: 'api-5xx', state: 'OK', reason: 'api-5xx is OK', updatedAt: new Date('2026-01-01T00:00:00Z'), type: 'metric' },
  ]);
  expect(firingAlarms(states).map((a) => a.name)).toEqual(['api-health']);
});

test('follows NextToken until the last page', async () => {
  const cw = fakeClient({
    DescribeAlarms: (input) =>
      input.NextToken ? { MetricAlarms: [metric('b', 'ALARM')] } : { MetricAlarms: [metric('a', 'OK')], NextToken: 'page-2' },
  });
  const states = await describeAlarmStates(cw as any, ['a', 'b']);
  expect(cw.callsTo('DescribeAlarms').map((i) => i.NextToken)).toEqual([undefined, 'page-2']);
  expect(firingAlarms(states).map((a) => a.name)).toEqual(['b']);
});

test('asks at most 100 names a call', async () => {
  const names = Array.from({ length: 150 }, (_, i) => `alarm-${i}`);
  const cw = fakeClient({ DescribeAlarms: (input) => ({ MetricAlarms: input.AlarmNames.map((n: string) => metric(n, 'OK')) }) });
  const states = await describeAlarmStates(cw as any, names);
  expect(cw.callsTo('DescribeAlarms').map((i) => i.AlarmNames.length)).toEqual([100, 50]);
  expect(states).toHaveLength(150);
});

test('names every alarm CloudWatch does not know', async () => {
  const cw = fakeClient({ DescribeAlarms: () => ({ MetricAlarms: [metric('api-5xx', 'OK')] }) });
  const error = await describeAlarmStates(cw as any, ['api-5xx', 'api-5xxx', 'api-latncy']).catch((e) => e);
  expect(error).toBeInstanceOf(AlarmsNotFoundError);
  expect(error.missing).toEqual(['api-5xxx', 'api-latncy']);
  expect(error.message).toBe('CloudWatch has no alarm named "api-5xxx", "api-latncy" (metric or composite) in this account and region.');
});

test('no names: no call, no states', async () => {
  const cw = fakeClient({});
  expect(await describeAlarmStates(cw as any, [])).toEqual([]);
  expect(cw.calls).toEqual([]);
});

test('texts for the log and the failure', () => {
  const states = [
    { name: 'a', state: 'OK' as const, reason: '', type: 'metric' as const },
    { name: 'b', state: 'ALARM' as const, reason: 'Threshold Crossed: 1 datapoint [9.0] was greater than 5.0', type: 'metric' as const },
  ];
  expect(alarmStatesLine(states)).toBe('a OK, b ALARM');
  expect(firedAlarmText(states[1])).toBe('alarm "b" is in ALARM: Threshold Crossed: 1 datapoint [9.0] was greater than 5.0');
});
