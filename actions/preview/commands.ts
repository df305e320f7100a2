import * as core from '../../src/github/runner.js';
import { writeSummary } from '../../src/github/summary.js';
import { previewDown } from '../../src/preview/down.js';
import { downSummary, keptOutput, removedOutput, sweepSummary, upSummary } from '../../src/preview/summary.js';
import { previewSweep } from '../../src/preview/sweep.js';
import type { PreviewDeps } from '../../src/preview/types.js';
import { previewUp } from '../../src/preview/up.js';
import type { PreviewInputs } from './inputs.js';

/** The three commands: each calls the core, sets its outputs and writes its job summary. */
export async function runCommand(inputs: PreviewInputs, deps: PreviewDeps): Promise<void> {
  const place = {
    cluster: inputs.cluster,
    listenerArn: inputs.listenerArn,
    repository: inputs.repository,
    timeoutMs: inputs.timeoutMs,
    pollIntervalMs: inputs.pollIntervalMs,
  };
  if (inputs.command === 'up') {
    const result = await previewUp(
      { ...place, ...inputs.up!, baseService: inputs.baseService!, pr: inputs.pr!, headSha: inputs.headSha! },
      deps,
    );
    core.setOutput('url', result.url);
    core.setOutput('service', result.service);
    core.setOutput('task-definition-arn', result.taskDefinitionArn);
    core.setOutput('target-group-arn', result.targetGroupArn);
    core.setOutput('rule-priority', String(result.rulePriority));
    return writeSummary(upSummary(result, inputs.pr!));
  }
  if (inputs.command === 'down') {
    const removed = await previewDown({ ...place, pr: inputs.pr!, baseService: inputs.baseService }, deps);
    core.setOutput('removed', removedOutput(removed));
    return writeSummary(downSummary(removed, inputs.pr!));
  }
  const result = await previewSweep({ ...place, baseService: inputs.baseService, ttlMs: inputs.ttlMs }, deps);
  core.setOutput('removed', removedOutput(result.removed));
  core.setOutput('kept', keptOutput(result));
  await writeSummary(sweepSummary(result));
}
