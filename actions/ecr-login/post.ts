import { removeDockerConfig } from '../../src/ecr/docker-config.js';
import { actionsLogger } from '../../src/github/logger.js';
import { runPost } from '../../src/github/run.js';
import { runnerTempDir } from '../../src/inputs/workspace-path.js';
import { readDockerConfigDir } from './state.js';

// Deletes the job-private Docker config written by the main step. That is this post step's whole
// job: registry passwords left on disk are worth a failed step, so an error fails it.
await runPost(
  async () => {
    const dir = readDockerConfigDir();
    if (!dir) return actionsLogger.info('No Docker config to remove.');
    if (removeDockerConfig(dir, runnerTempDir(process.env))) actionsLogger.info(`Removed the Docker config ${dir}`);
    else actionsLogger.warning(`Left ${dir} in place: it is not a Docker config this action wrote.`);
  },
  { cleanupIsTheJob: true },
);
