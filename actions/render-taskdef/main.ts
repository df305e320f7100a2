import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { createAwsContext } from '../../src/aws/clients.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { awsSecretCatalog } from '../../src/taskdef/aws-catalog.js';
import { ecsTaskDefinitionSource } from '../../src/taskdef/live.js';
import { renderTaskDefinition } from '../../src/taskdef/render.js';
import { writeTaskDefinition } from '../../src/taskdef/serialize.js';
import { renderSummary } from '../../src/taskdef/summary.js';
import { readInputs } from './inputs.js';

await run(async () => {
  const options = readInputs();
  const aws = createAwsContext({ action: 'render-taskdef', region: options.region });
  const rendered = await renderTaskDefinition(options, {
    taskDefinitions: ecsTaskDefinitionSource(aws),
    secrets: awsSecretCatalog(aws),
    env: process.env,
    logger: actionsLogger,
  });
  const path = writeTaskDefinition(rendered.document, process.env.RUNNER_TEMP || tmpdir());
  actionsLogger.info(`Rendered ${rendered.family} to ${path}`);
  core.setOutput('task-definition', path);
  core.setOutput('family', rendered.family);
  core.setOutput('images', JSON.stringify(rendered.images));
  core.setOutput('changed', String(!rendered.live || rendered.live.changes.length > 0));
  await writeSummary(renderSummary(rendered));
});
