import * as core from '@actions/core';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createAwsContext } from '../../src/aws/clients.js';
import { actionCredentials, credentialInputs } from '../../src/github/credentials.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { stopUnfinishedMigration } from '../../src/migration/cleanup.js';
import { SESSION_NAME } from './inputs.js';

// Runs after every run-migration step (JS actions cannot limit post to cancelled jobs): it only
// acts when main started a task and never recorded seeing it end.
await run(async () => {
  const taskArn = core.getState('task-arn');
  if (!taskArn || core.getState('finished') === 'true') return;
  const region = core.getState('region');
  const credentials = await actionCredentials(credentialInputs(SESSION_NAME), { region });
  const aws = createAwsContext({ action: 'run-migration', region, credentials });
  await stopUnfinishedMigration({ ecs: aws.client(ECSClient), cluster: core.getState('cluster'), taskArn, logger: actionsLogger });
});
