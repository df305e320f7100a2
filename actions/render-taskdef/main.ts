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
  core.info(`Rendered ${rendered.family} to ${path}`);
  core.setOutput('task-definition', path);
  core.setOutput('family', rendered.family);
  core.setOutput('images', JSON.stringify(rendered.images));
  core.setOutput('changed', String(!rendered.live || rendered.live.changes.length > 0));

  const { live } = rendered;
  await writeSummary({
    heading: `Task definition ${rendered.family}`,
    table: live?.changes.length ? { header: ['Container', 'Field', 'Change'], rows: live.changes.map((c) => [c.container, c.field, c.change]) } : undefined,
    lines: [
      live ? (live.changes.length ? `Changes against the live revision ${live.arn}.` : `No change against the live revision ${live.arn}.`) : 'No live revision of this family yet: this will be its first.',
      `Images: ${Object.entries(rendered.images).map(([c, i]) => `${c}: \`${i}\``).join(', ')}`,
      ...rendered.warnings.map((w) => `⚠️ ${w}`),
    ],
  });
});
