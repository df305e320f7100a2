import * as core from '../../src/github/runner.js';
import { createAwsContext } from '../../src/aws/clients.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { debugInputs } from '../../src/github/debug-inputs.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { awsSecretCatalog } from '../../src/taskdef/aws-catalog.js';
import { ecsTaskDefinitionLookup } from '../../src/taskdef/live.js';
import { renderTaskDefinition } from '../../src/taskdef/render.js';
import { writeTaskDefinition } from '../../src/taskdef/write.js';
import { renderSummary } from '../../src/taskdef/summary.js';
import { nameInputs } from '../../src/inputs/setting-error.js';
import { readInputs, RENDER_INPUTS } from './inputs.js';

await run(async () => {
  const inputs = readInputs();
  debugInputs(inputs);
  const { render: options, credentials: credentialSettings, outputDir } = inputs;
  const credentials = await actionCredentials(credentialSettings, { region: options.region });
  const aws = createAwsContext({ action: 'render-taskdef', region: options.region, credentials });
  const rendered = await renderTaskDefinition(options, {
    taskDefinitions: ecsTaskDefinitionLookup(aws),
    secrets: awsSecretCatalog(aws),
    env: process.env,
    logger: actionsLogger,
  }).catch(nameInputs(RENDER_INPUTS));
  const path = writeTaskDefinition(rendered.document, outputDir);
  actionsLogger.info(`Rendered ${rendered.family} to ${path}`);
  core.setOutput('task-definition', path);
  core.setOutput('family', rendered.family);
  core.setOutput('images', JSON.stringify(rendered.images));
  core.setOutput('changed', String(!rendered.live || rendered.live.changes.length > 0));
  await writeSummary(renderSummary(rendered));
});
