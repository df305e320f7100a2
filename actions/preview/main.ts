import * as core from '../../src/github/runner.js';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createAwsContext } from '../../src/aws/clients.js';
import { cancellationSignal } from '../../src/github/cancellation.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { actionsLogger } from '../../src/github/logger.js';
import { restClient } from '../../src/github/octokit.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { restPreviewGitHub } from '../../src/preview/github-side.js';
import { runCommand } from './commands.js';
import { readInputs } from './inputs.js';

await run(async () => {
  const inputs = readInputs();
  if (inputs.githubToken) core.setSecret(inputs.githubToken);
  core.setOutput('skipped', inputs.fork && inputs.command !== 'sweep' ? 'fork' : '');
  if (inputs.fork && inputs.command !== 'sweep') {
    // No AWS credentials reach a fork's workflow, and its code is not trusted with them.
    core.notice(`Pull request #${inputs.pr} comes from a fork: no preview`);
    return writeSummary({
      heading: `No preview for pull request #${inputs.pr}`,
      lines: ['It comes from a fork: previews are made only for branches of this repository.'],
    });
  }
  const credentials = await actionCredentials(inputs.credentials, { region: inputs.region });
  const aws = createAwsContext({ action: 'preview', region: inputs.region, credentials });
  const runUrl = `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${inputs.repository}/actions/runs/${process.env.GITHUB_RUN_ID ?? ''}`;
  const github = inputs.githubToken
    ? restPreviewGitHub(restClient(inputs.githubToken), inputs.repository, { logUrl: runUrl, report: inputs.comment })
    : undefined;
  await runCommand(inputs, {
    ecs: aws.client(ECSClient),
    elb: aws.client(ElasticLoadBalancingV2Client),
    logger: actionsLogger,
    github,
    signal: cancellationSignal(),
  });
});
