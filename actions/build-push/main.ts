import * as core from '@actions/core';
import { ECRClient } from '@aws-sdk/client-ecr';
import { createAwsContext } from '../../src/aws/clients.js';
import { buildPush } from '../../src/image/build-push.js';
import { buildSummary } from '../../src/image/summary.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { readInputs } from './inputs.js';

await run(async () => {
  const { request, region } = readInputs();
  const result = await buildPush(request, {
    logger: actionsLogger,
    env: process.env,
    // Created on first use: a non-ECR registry needs no AWS region or credentials.
    ecr: (ecrRegion) => createAwsContext({ action: 'build-push', region: ecrRegion ?? region }).client(ECRClient),
  });
  core.setOutput('image', result.image);
  core.setOutput('digest', result.digest ?? '');
  core.setOutput('image-uri', result.imageUri ?? '');
  core.setOutput('tags', result.tags.join(','));
  core.setOutput('skipped', String(result.skipped));
  actionsLogger.info(result.imageUri ? `Image: ${result.imageUri}` : `Image: ${result.image} (not pushed)`);
  await writeSummary(buildSummary(result));
});
