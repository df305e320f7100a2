import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { removeDockerConfig } from '../../src/ecr/docker-config.js';
import { run } from '../../src/github/run.js';
import { actionsLogger } from '../../src/github/logger.js';

// Deletes the job-private Docker config written by the main step.
await run(async () => {
  const dir = core.getState('docker-config');
  if (!dir) return actionsLogger.info('No Docker config to remove.');
  const runnerTemp = process.env.RUNNER_TEMP || tmpdir();
  if (removeDockerConfig(dir, runnerTemp)) actionsLogger.info(`Removed the Docker config ${dir}`);
  else actionsLogger.warning(`Left ${dir} in place: it is not a Docker config this action wrote.`);
});
