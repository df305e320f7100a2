import * as core from '../../src/github/runner.js';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { createAwsContext } from '../../src/aws/clients.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { schedulesOutput, SUMMARY_HEADER, summaryLines, summaryRows } from '../../src/schedules/summary.js';
import { syncSchedules } from '../../src/schedules/sync.js';
import { readInputs } from './inputs.js';

await run(async () => {
  const inputs = readInputs();
  const credentials = await actionCredentials(inputs.credentials, { region: inputs.region });
  const aws = createAwsContext({ action: 'sync-schedules', region: inputs.region, credentials });
  const result = await syncSchedules(inputs.sync, {
    ecs: aws.client(ECSClient),
    scheduler: aws.client(SchedulerClient),
    events: aws.client(EventBridgeClient),
    logger: actionsLogger,
  });
  core.setOutput('changed', String(result.changed));
  core.setOutput('schedule-group', result.group);
  core.setOutput('schedules', schedulesOutput(result));
  await writeSummary({
    heading: `Schedules of ${inputs.sync.service}${result.dryRun ? ' (dry run)' : ''}`,
    table: { header: SUMMARY_HEADER, rows: summaryRows(result) },
    lines: summaryLines(result),
  });
});
