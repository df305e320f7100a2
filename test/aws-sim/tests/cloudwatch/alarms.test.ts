import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  InvalidNextToken,
  InvalidParameterCombinationException,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  ResourceNotFound,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';
import { setAlarmState } from '../../services/cloudwatch/state.js';
import { shapeDifferences } from '../reference/shape.js';

let sim: Simulator;
let cw: CloudWatchClient;
beforeAll(async () => {
  sim = await startSimulator({ harsh: false });
  cw = new CloudWatchClient(simulatorClientConfig(sim));
  const metric = { EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold' as const, Threshold: 5, Period: 60 };
  for (const name of ['api-5xx', 'api-latency', 'worker-errors']) {
    await cw.send(new PutMetricAlarmCommand({ AlarmName: name, MetricName: 'Errors', Namespace: 'App', Statistic: 'Sum', ...metric }));
  }
  await cw.send(new PutCompositeAlarmCommand({ AlarmName: 'api-health', AlarmRule: 'ALARM("api-5xx") OR ALARM("api-latency")' }));
});
afterAll(() => sim.stop());

test('the client speaks AWS JSON 1.0 with the query-compatibility header, and the simulator answers it', async () => {
  const seen: Record<string, string> = {};
  const client = new CloudWatchClient(simulatorClientConfig(sim));
  client.middlewareStack.add(
    (next) => async (args: any) => {
      Object.assign(seen, args.request.headers);
      return next(args);
    },
    { step: 'finalizeRequest' },
  );
  const answer = await client.send(new DescribeAlarmsCommand({ AlarmNames: ['api-5xx'] }));
  expect(seen['x-amz-target']).toBe('GraniteServiceVersion20100801.DescribeAlarms');
  expect(seen['content-type']).toBe('application/x-amz-json-1.0');
  expect(seen['x-amzn-query-mode']).toBe('true');
  expect(answer.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['api-5xx']);
});

test('a new alarm is INSUFFICIENT_DATA until its state is set; SetAlarmState sets value, reason, reason data and time', async () => {
  const before = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['worker-errors'] }));
  expect(before.MetricAlarms?.[0]).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', StateReason: 'Unchecked: Initial alarm creation' });
  const t0 = Date.now();
  await cw.send(
    new SetAlarmStateCommand({
      AlarmName: 'worker-errors',
      StateValue: 'ALARM',
      StateReason: 'Threshold Crossed: 7 > 5',
      StateReasonData: '{"version":"1.0"}',
    }),
  );
  const after = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['worker-errors'] }))).MetricAlarms![0];
  expect(after).toMatchObject({ StateValue: 'ALARM', StateReason: 'Threshold Crossed: 7 > 5', StateReasonData: '{"version":"1.0"}' });
  expect(after.StateUpdatedTimestamp!.getTime()).toBeGreaterThanOrEqual(t0 - 1);
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'worker-errors', StateValue: 'OK', StateReason: 'reset' }));
});

test('composite alarms come back only when AlarmTypes asks for them, even by name', async () => {
  const byDefault = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['api-health', 'api-5xx'] }));
  expect(byDefault.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['api-5xx']);
  expect(byDefault.CompositeAlarms ?? []).toEqual([]);
  const onlyComposite = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['api-health', 'api-5xx'], AlarmTypes: ['CompositeAlarm'] }));
  expect(onlyComposite.MetricAlarms ?? []).toEqual([]);
  expect(onlyComposite.CompositeAlarms?.map((a) => [a.AlarmName, a.AlarmRule])).toEqual([
    ['api-health', 'ALARM("api-5xx") OR ALARM("api-latency")'],
  ]);
  const both = await cw.send(
    new DescribeAlarmsCommand({ AlarmNames: ['api-health', 'api-5xx'], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
  );
  expect(both.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['api-5xx']);
  expect(both.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(['api-health']);
});

test('AlarmNamePrefix and StateValue filter; AlarmNames with AlarmNamePrefix is refused', async () => {
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'api-latency', StateValue: 'ALARM', StateReason: 'slow' }));
  const prefixed = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'api-' }));
  expect(prefixed.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['api-5xx', 'api-latency']);
  const firing = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'api-', StateValue: 'ALARM' }));
  expect(firing.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['api-latency']);
  const both = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['api-5xx'], AlarmNamePrefix: 'api-' })).catch((e) => e);
  expect(both).toBeInstanceOf(InvalidParameterCombinationException);
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'api-latency', StateValue: 'OK', StateReason: 'fine' }));
});

test('pages hold MaxRecords alarms across both types and NextToken continues; a made-up token is refused', async () => {
  const seen: string[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const page = await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 1, NextToken }));
    const names = [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])].map((a) => a.AlarmName!);
    expect(names).toHaveLength(1);
    seen.push(...names);
    NextToken = page.NextToken;
    pages += 1;
  } while (NextToken);
  expect(pages).toBe(4);
  expect(seen.sort()).toEqual(['api-5xx', 'api-health', 'api-latency', 'worker-errors']);
  const bad = await cw.send(new DescribeAlarmsCommand({ NextToken: 'not-a-token' })).catch((e) => e);
  expect(bad).toBeInstanceOf(InvalidNextToken);
});

test('SetAlarmState on an unknown alarm is ResourceNotFound', async () => {
  const error = await cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'ALARM', StateReason: 'x' })).catch((e) => e);
  expect(error).toBeInstanceOf(ResourceNotFound);
});

test('setAlarmState schedules a change for a moment: before it the alarm is as it was, after it the new state with that time', async () => {
  const at = Date.now() + 150;
  setAlarmState(sim.world, 'api-5xx', 'ALARM', 'Threshold Crossed: 9 errors', { atMs: at });
  const early = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['api-5xx'] }))).MetricAlarms![0];
  expect(early.StateValue).not.toBe('ALARM');
  await new Promise((r) => setTimeout(r, 200));
  const late = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['api-5xx'] }))).MetricAlarms![0];
  expect(late).toMatchObject({ StateValue: 'ALARM', StateReason: 'Threshold Crossed: 9 errors' });
  expect(late.StateUpdatedTimestamp!.getTime()).toBe(at);
  setAlarmState(sim.world, 'api-5xx', 'OK', 'recovered');
});

test('DescribeAlarms answers like the example of its reference page (raw JSON over the wire)', async () => {
  const fixturePath = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/aws-reference/cloudwatch/DescribeAlarms.json');
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8'));
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: 'myalarm',
      AlarmDescription: 'CPU usage exceeds 70 percent',
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:myHighCpuAlarm'],
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      Statistic: 'Average',
      Dimensions: [{ Name: 'InstanceId', Value: 'i-0c986c72' }],
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 70,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
  );
  setAlarmState(sim.world, 'myalarm', 'OK', 'Threshold Crossed: 2 datapoints were not greater than the threshold (70.0).', {
    reasonData: '{"version":"1.0"}',
  });
  const response = await fetch(sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms',
      'x-amzn-query-mode': 'true',
    },
    body: JSON.stringify(fixture.request),
  });
  expect(response.status).toBe(200);
  expect(shapeDifferences(fixture.response, await response.json(), Object.keys(fixture.notApplicable))).toEqual([]);
});

test('a composite alarm follows its children: its rule is evaluated whenever an alarm it names changes state', async () => {
  await cw.send(
    new PutMetricAlarmCommand({ AlarmName: 'db-cpu', EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', Threshold: 80 }),
  );
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: 'db-maintenance',
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    }),
  );
  await cw.send(
    new PutCompositeAlarmCommand({
      AlarmName: 'db-health',
      AlarmRule: 'ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:db-cpu") AND NOT (ALARM(db-maintenance) OR FALSE)',
    }),
  );
  const composite = async () =>
    (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['db-health'], AlarmTypes: ['CompositeAlarm'] }))).CompositeAlarms![0];
  const set = (name: string, state: 'OK' | 'ALARM') =>
    cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'test' }));
  await set('db-maintenance', 'OK');
  await set('db-cpu', 'OK');
  expect((await composite()).StateValue).toBe('OK');
  await set('db-cpu', 'ALARM');
  const fired = await composite();
  expect(fired.StateValue).toBe('ALARM');
  expect(fired.StateReason).toContain('db-health');
  await set('db-maintenance', 'ALARM'); // the NOT side turns the rule false
  expect((await composite()).StateValue).toBe('OK');
  // Set by hand, a composite keeps that state until an alarm it names changes.
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'db-health', StateValue: 'ALARM', StateReason: 'by hand' }));
  await set('api-5xx', 'ALARM'); // not named by db-health
  expect(await composite()).toMatchObject({ StateValue: 'ALARM', StateReason: 'by hand' });
  await set('api-5xx', 'OK');
  await set('db-maintenance', 'OK');
  expect((await composite()).StateValue).toBe('ALARM');
  await set('db-cpu', 'OK');
  expect((await composite()).StateValue).toBe('OK');
});
