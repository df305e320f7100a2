import * as core from '../../src/github/runner.js';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createAwsContext } from '../../src/aws/clients.js';
import { ActionFailure } from '../../src/errors.js';
import { cancellationSignal } from '../../src/github/cancellation.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { debugInputs } from '../../src/github/debug-inputs.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { runMigration } from '../../src/migration/run-migration.js';
import { migrationSummary } from '../../src/migration/summary.js';
import { formatDuration } from '../../src/format.js';
import { nameInputs } from '../../src/inputs/setting-error.js';
import { MIGRATION_INPUTS, readInputs } from './inputs.js';
import { saveMigrationState } from './state.js';

await run(async () => {
  const inputs = readInputs();
  // A task definition file's content is its own record; the path says which.
  debugInputs(inputs, { hide: ['document'] });
  const signal = cancellationSignal();
  const credentials = await actionCredentials(inputs.credentials, { region: inputs.region });
  const aws = createAwsContext({ action: 'run-migration', region: inputs.region, credentials });
  const result = await runMigration(inputs.migration, {
    ecs: aws.client(ECSClient),
    logs: (region) => aws.client(CloudWatchLogsClient, { region }),
    region: aws.region,
    logger: actionsLogger,
    env: inputs.runContext,
    signal,
    onStarted: ({ taskArn, logUrl }) => {
      core.setOutput('task-arn', taskArn);
      if (logUrl) core.setOutput('log-url', logUrl);
    },
    // The post step reads this to tell a killed or cancelled step from a finished one.
    record: (record) => saveMigrationState(record, aws.region),
  }).catch(nameInputs(MIGRATION_INPUTS));
  if (result.exitCode !== undefined) core.setOutput('exit-code', String(result.exitCode));
  await writeSummary(migrationSummary(result));
  if (result.failure) throw new ActionFailure(result.failure);
  actionsLogger.info(`Migration succeeded in ${formatDuration(result.durationMs)} (container ${result.container}, exit code 0)`);
});
