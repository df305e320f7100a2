import { resolveRegion } from '../../src/aws/clients.js';
import { groupByRegion, type RegionGroup } from '../../src/ecr/registries.js';
import { firstHostRegion, parseRegistry } from '../../src/inputs/ecr-registries.js';
import type { RepositorySettings } from '../../src/ecr/repository.js';
import { ConfigurationError } from '../../src/errors.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { booleanInput, choiceInput, integerInput, listInput, optionalInput } from '../../src/github/inputs.js';
import { invalid } from '../../src/inputs/parse.js';
import { runnerTempDir } from '../../src/inputs/workspace-path.js';

export interface EcrLoginInputs {
  region: string;
  /** One token request per region. */
  groups: RegionGroup[];
  exportCredentials: boolean;
  /** Set when create-repository is true. */
  repository?: RepositorySettings;
  credentials: CredentialInputs;
  /** Where the job-private Docker config is written (RUNNER_TEMP, deleted by the post step). */
  runnerTemp: string;
}

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const REPOSITORY_SETTINGS = ['repository', 'scan-on-push', 'image-tag-mutability', 'keep-last-images'];

/** Every input of ecr-login, read and validated before anything calls AWS. */
export function readInputs(): EcrLoginInputs {
  const entries = listInput('registries');
  const region = actionRegion(entries);
  const refs = entries.map((entry) => parseRegistry('registries', entry, region));
  const groups = refs.length ? groupByRegion(refs) : [{ region, registryIds: [] }];
  return {
    region,
    groups,
    exportCredentials: booleanInput('export-credentials', false),
    repository: repositoryInputs(),
    credentials: credentialInputs('ecs-ship-ecr-login'),
    runnerTemp: runnerTempDir(process.env),
  };
}

/** aws-region, else AWS_REGION, else the region of the first registry host given. */
function actionRegion(entries: string[]): string {
  const explicit = optionalInput('aws-region');
  if (explicit || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION) return resolveRegion(explicit);
  return firstHostRegion(entries) ?? resolveRegion();
}

function repositoryInputs(): RepositorySettings | undefined {
  const create = booleanInput('create-repository', false);
  if (!create) {
    const stray = REPOSITORY_SETTINGS.find((name) => optionalInput(name) !== undefined);
    if (stray) throw new ConfigurationError(`Input "${stray}" is only used with create-repository: true.`);
    return undefined;
  }
  const name = optionalInput('repository');
  if (name === undefined) throw new ConfigurationError('Input "repository" is required when create-repository is true.');
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw invalid('repository', name, 'an ECR repository name: lowercase letters, digits and . _ - / such as team/api');
  }
  const mutability = choiceInput('image-tag-mutability', ['mutable', 'immutable'] as const, 'mutable');
  return {
    name,
    scanOnPush: booleanInput('scan-on-push', true),
    imageTagMutability: mutability === 'immutable' ? 'IMMUTABLE' : 'MUTABLE',
    keepLastImages: integerInput('keep-last-images', { min: 1, max: 10000 }),
  };
}
