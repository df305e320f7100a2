import { ECSClient } from '@aws-sdk/client-ecs';
import { createAwsContext } from '../../src/aws/clients.js';
import { actionCredentials, credentialInputs } from '../../src/github/credentials.js';
import { actionsLogger } from '../../src/github/logger.js';
import { runPost } from '../../src/github/run.js';
import { cleanupFor, stopUnfinishedMigration } from '../../src/migration/cleanup.js';
import { SESSION_NAME } from './inputs.js';
import { readMigrationState } from './state.js';

// Runs after every run-migration step (JS actions cannot limit post to cancelled jobs). It stops
// the task only when the job was cancelled (or main was killed) or the action's timeout passed;
// a task main gave up following is left running. Stopping that task is this post step's whole
// job: a task left running against the database is worth a failed step, so an error fails it.
await runPost(
  async () => {
    const saved = readMigrationState();
    const cleanup = cleanupFor(saved);
    if (cleanup.kind === 'nothing') return;
    if (cleanup.kind === 'leave') return actionsLogger.info(cleanup.line);
    const region = saved.region ?? '';
    const credentials = await actionCredentials(credentialInputs(SESSION_NAME), { region });
    const aws = createAwsContext({ action: 'run-migration', region, credentials });
    await stopUnfinishedMigration({ ecs: aws.client(ECSClient), cleanup, logger: actionsLogger });
  },
  { cleanupIsTheJob: true },
);
