import { ConfigurationError } from '../../src/errors.js';
import {
  booleanInput,
  commandInput,
  integerInput,
  keyValueInput,
  listInput,
  multilineInput,
  optionalInput,
} from '../../src/github/inputs.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { parseRoleArn, requireRegionPartition } from '../../src/inputs/arn.js';
import { ECS_NAME } from '../../src/inputs/ecs-names.js';
import { ENV_NAME, parseEnvironmentLines } from '../../src/inputs/environment.js';
import { invalid, parseKeyValueLines } from '../../src/inputs/parse.js';
import { resolveRegion } from '../../src/inputs/region.js';
import { runnerTempDir, workspacePath, workspacePathRule } from '../../src/inputs/workspace-path.js';
import { cpuUnits, memoryMiB } from '../../src/taskdef/fargate.js';
import type { RenderOptions } from '../../src/taskdef/options.js';

export interface RenderTaskdefInputs {
  render: RenderOptions;
  credentials: CredentialInputs;
  /** Where the rendered file is written (RUNNER_TEMP), for the steps after this one. */
  outputDir: string;
}

/** The input that carries each setting the core may find wrong (see nameInputs). */
export const RENDER_INPUTS = {
  template: 'task-definition',
  family: 'family',
  container: 'container',
  image: 'image',
  images: 'images',
  environment: 'environment',
  envFile: 'env-file',
  removeEnvironment: 'remove-environment',
  secrets: 'secrets',
  command: 'command',
  cpu: 'cpu',
  memory: 'memory',
  dockerLabels: 'docker-labels',
} as const satisfies Partial<Record<keyof RenderOptions, string>>;

/** Every input of render-taskdef, read and checked here before anything touches AWS. */

const IMAGE =
  /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const EXPECTED_IMAGE = 'an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3 or nginx@sha256:<digest>';

function image(name: string, value: string, line = value): string {
  if (!IMAGE.test(value)) throw invalid(name, line, EXPECTED_IMAGE);
  return value;
}

function matching(name: string, pattern: RegExp, expected: string): string | undefined {
  const value = optionalInput(name);
  if (value !== undefined && !pattern.test(value)) throw invalid(name, value, expected);
  return value;
}

function size(name: 'cpu' | 'memory'): string | undefined {
  const value = optionalInput(name);
  if (value === undefined) return undefined;
  const parsed = name === 'cpu' ? cpuUnits(value) : memoryMiB(value);
  const expected = name === 'cpu' ? 'cpu units such as 256, 1024, or "1 vCPU"' : 'MiB such as 512, 2048, or "2GB"';
  if (parsed === undefined || Number.isNaN(parsed) || parsed < 128) throw invalid(name, value, expected);
  return value;
}

export function readInputs(): RenderTaskdefInputs {
  return { render: renderOptions(), credentials: credentialInputs('ecs-ship-render-taskdef'), outputDir: runnerTempDir(process.env) };
}

function optionalRoleArn(name: string, exampleName: string): string | undefined {
  const value = optionalInput(name);
  return value === undefined ? undefined : parseRoleArn(name, value, exampleName);
}

function renderOptions(): RenderOptions {
  const paths = workspacePathRule(process.env, booleanInput('allow-paths-outside-workspace', false));
  const templateInput = optionalInput('task-definition');
  const template = templateInput === undefined ? undefined : workspacePath('task-definition', templateInput, paths);
  const family = matching('family', ECS_NAME, 'a task definition family (letters, digits, - and _, up to 255)');
  if (template === undefined && family === undefined) {
    throw new ConfigurationError(
      'Input required and not supplied: task-definition (the template file; or set "family" to start from the family\'s live revision)',
    );
  }
  const revision = integerInput('revision', { min: 1 });
  if (revision !== undefined && template !== undefined) {
    throw invalid(
      'revision',
      String(revision),
      'no revision when "task-definition" is set (revision picks the family revision to start from)',
    );
  }
  if (revision !== undefined && family === undefined) throw invalid('revision', String(revision), 'a "family" beside it');

  const images = keyValueInput('images').map(([container, ref]): [string, string] => {
    if (!ECS_NAME.test(container)) throw invalid('images', `${container}=${ref}`, 'container=image lines');
    return [container, image('images', ref, `${container}=${ref}`)];
  });
  const single = optionalInput('image');
  const container = matching('container', ECS_NAME, 'a container name (letters, digits, - and _)');
  if (single !== undefined && images.length)
    throw invalid('images', images.map(([c, i]) => `${c}=${i}`).join('\n'), 'either "image" or "images", not both');

  const secrets = parseKeyValueLines('secrets', multilineInput('secrets') ?? '', ENV_NAME);
  for (const [name, valueFrom] of secrets) {
    if (!valueFrom) throw invalid('secrets', `${name}=`, 'NAME=valueFrom lines (a secret name, name:json-key, SSM parameter or ARN)');
  }
  const envFileInput = optionalInput('env-file');
  const envFile = envFileInput === undefined ? undefined : workspacePath('env-file', envFileInput, paths);
  const region = resolveRegion(optionalInput('aws-region'));
  for (const input of ['task-role-arn', 'execution-role-arn']) requireRegionPartition(input, optionalInput(input), region);
  return {
    template,
    family,
    revision,
    container,
    image: single === undefined ? undefined : image('image', single),
    images,
    vars: parseKeyValueLines('vars', multilineInput('vars') ?? '', /^[A-Za-z_][A-Za-z0-9_]*$/),
    varsFromEnv: booleanInput('vars-from-env', false),
    environment: parseEnvironmentLines('environment', multilineInput('environment') ?? ''),
    envFile,
    removeEnvironment: listInput('remove-environment').map((name) => {
      if (!ENV_NAME.test(name)) throw invalid('remove-environment', name, 'variable names, one per line or comma-separated');
      return name;
    }),
    secrets,
    command: commandInput('command'),
    cpu: size('cpu'),
    memory: size('memory'),
    taskRoleArn: optionalRoleArn('task-role-arn', 'app'),
    executionRoleArn: optionalRoleArn('execution-role-arn', 'ecsTaskExecutionRole'),
    dockerLabels: keyValueInput('docker-labels'),
    defaultLogging: booleanInput('default-logging', false),
    region,
  };
}
