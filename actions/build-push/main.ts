import * as core from '../../src/github/runner.js';
import { ECRClient } from '@aws-sdk/client-ecr';
import { createAwsContext } from '../../src/aws/clients.js';
import { buildPush } from '../../src/image/build-push.js';
import { buildSummary } from '../../src/image/summary.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { debugInputs } from '../../src/github/debug-inputs.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { nameInputs } from '../../src/inputs/setting-error.js';
import { BUILD_PUSH_INPUTS, readInputs } from './inputs.js';

await run(async () => {
  const inputs = readInputs();
  debugInputs(inputs, { hide: ['secrets'] });
  const { request, region, credentialRegion, credentials: credentialSettings } = inputs;
  // Assumed before the build, so a role the job cannot assume fails at once; a registry that is not ECR needs none.
  const credentials = credentialRegion ? await actionCredentials(credentialSettings, { region: credentialRegion }) : undefined;
  const result = await buildPush(request, {
    logger: actionsLogger,
    env: process.env,
    // Created on first use: a non-ECR registry needs no AWS region.
    ecr: (ecrRegion) => createAwsContext({ action: 'build-push', region: ecrRegion ?? region, credentials }).client(ECRClient),
  }).catch(nameInputs(BUILD_PUSH_INPUTS));
  core.setOutput('image', result.image);
  core.setOutput('digest', result.digest ?? '');
  core.setOutput('image-uri', result.imageUri ?? '');
  core.setOutput('tags', result.tags.join(','));
  core.setOutput('skipped', String(result.skipped));
  actionsLogger.info(result.imageUri ? `Image: ${result.imageUri}` : `Image: ${result.image} (not pushed)`);
  await writeSummary(buildSummary(result));
});
