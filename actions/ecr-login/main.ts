import * as core from '../../src/github/runner.js';
import { ECRClient } from '@aws-sdk/client-ecr';
import { createAwsContext } from '../../src/aws/clients.js';
import { currentDockerConfigFile, writeDockerConfig } from '../../src/ecr/docker-config.js';
import { getRegistryCredentials } from '../../src/ecr/login.js';
import { ensureRepository } from '../../src/ecr/repository.js';
import { loginSummary } from '../../src/ecr/summary.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { debugInputs } from '../../src/github/debug-inputs.js';
import { actionsLogger } from '../../src/github/logger.js';
import { run } from '../../src/github/run.js';
import { writeSummary } from '../../src/github/summary.js';
import { readInputs } from './inputs.js';
import { saveDockerConfigDir } from './state.js';

await run(async () => {
  const inputs = readInputs();
  debugInputs(inputs);
  const credentials = await actionCredentials(inputs.credentials, { region: inputs.region });
  const aws = createAwsContext({ action: 'ecr-login', region: inputs.region, credentials });
  const ecr = (region: string) => aws.client(ECRClient, { region });
  const logins = await getRegistryCredentials({
    groups: inputs.groups,
    ecr,
    mask: (secret) => core.setSecret(secret),
    logger: actionsLogger,
  });
  const config = writeDockerConfig({
    parentDir: inputs.runnerTemp,
    credentials: logins,
    inheritFrom: currentDockerConfigFile(process.env),
  });
  saveDockerConfigDir(config.dir);
  core.exportVariable('DOCKER_CONFIG', config.dir);
  core.exportVariable('REGISTRY_AUTH_FILE', config.file);
  actionsLogger.info(`Logged in to ${logins.map((l) => l.host).join(', ')}; Docker config in ${config.dir}`);
  if (config.inherited.length) actionsLogger.info(`Kept the logins to ${config.inherited.join(', ')} from ${config.inheritedFrom}`);
  const repository = inputs.repository && (await ensureRepository(inputs.repository, { ecr: ecr(inputs.region), logger: actionsLogger }));

  core.setOutput('registry', logins[0].host);
  core.setOutput('registries', JSON.stringify(logins.map((l) => l.host)));
  core.setOutput('docker-config', config.dir);
  if (repository) core.setOutput('repository-uri', repository.uri);
  if (inputs.exportCredentials) {
    core.setOutput('username', logins[0].username);
    core.setOutput('password', logins[0].password);
  }
  await writeSummary(loginSummary({ credentials: logins, configDir: config.dir, repository }));
});
