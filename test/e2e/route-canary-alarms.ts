import { CloudWatchClient, PutCompositeAlarmCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { simulatorClientConfig, type Simulator } from '../aws-sim/server.js';

/**
 * The alarms a canary is watched by, as a team would create them for `<name>`: a metric alarm on the
 * canary's 5xx count and a composite alarm over it. Their state is the caller's to set.
 */
export async function putCanaryAlarms(sim: Simulator, name: string): Promise<[string, string]> {
  const cloudwatch = new CloudWatchClient(simulatorClientConfig(sim));
  const metric = `${name}-api-beta-5xx`;
  const composite = `${name}-api-beta-health`;
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: metric,
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
  );
  await cloudwatch.send(new PutCompositeAlarmCommand({ AlarmName: composite, AlarmRule: `ALARM("${metric}")` }));
  return [metric, composite];
}
