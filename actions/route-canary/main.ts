import * as core from '../../src/github/runner.js';
import { canaryFailure, canaryOutputs, canarySummary } from '../../src/canary/summary.js';
import { ActionFailure } from '../../src/errors.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { readCommonInputs } from './inputs.js';
import { runMode } from './modes.js';

await run(async () => {
  const common = readCommonInputs();
  const outcome = await runMode(common);
  for (const [name, value] of Object.entries(canaryOutputs(outcome))) core.setOutput(name, value);
  await writeSummary(canarySummary(outcome));
  const failure = canaryFailure(outcome, common.walk.action);
  if (failure) throw new ActionFailure(failure);
});
