import * as core from '../../src/github/runner.js';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createAwsContext } from '../../src/aws/clients.js';
import { warnIfCredentialsExpireBefore } from '../../src/aws/credentials.js';
import { assertAllSucceeded, deployAll } from '../../src/deploy/deploy.js';
import { servicesOutput, summaryLines, summaryTable } from '../../src/deploy/summary.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { debugInputs } from '../../src/github/debug-inputs.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { readInputs } from './inputs.js';

await run(async () => {
  const inputs = readInputs();
  // A task definition file's content is its own record; the path says which.
  debugInputs(inputs, { hide: ['document'] });
  const credentials = await actionCredentials(inputs.credentials, { region: inputs.region });
  const aws = createAwsContext({ action: 'deploy-service', region: inputs.region, credentials });
  const ecs = aws.client(ECSClient);
  if (!credentials && inputs.deploy.wait) {
    await warnIfCredentialsExpireBefore({
      credentials: ecs.config.credentials,
      deadline: Date.now() + inputs.deploy.timeoutMs,
      logger: actionsLogger,
    });
  }
  const results = await deployAll(inputs.deploy, {
    ecs,
    logs: (region) => aws.client(CloudWatchLogsClient, { region }),
    logger: actionsLogger,
    region: aws.region,
  });
  const [first] = results;
  if (first?.taskDefinitionArn) core.setOutput('task-definition-arn', first.taskDefinitionArn);
  if (first?.previousTaskDefinitionArn) core.setOutput('previous-task-definition-arn', first.previousTaskDefinitionArn);
  if (first?.deploymentId) core.setOutput('deployment-id', first.deploymentId);
  core.setOutput('services', servicesOutput(results));
  await writeSummary({ heading: `Deploy to ${inputs.deploy.cluster}`, table: summaryTable(results), lines: summaryLines(results) });
  assertAllSucceeded(results);
});
