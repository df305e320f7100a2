import { readFileSync } from 'node:fs';
import { invalidSetting } from '../inputs/setting-error.js';
import { decodeText } from '../inputs/text-file.js';
import { imagesLineContainer, targetContainer } from './containers.js';
import type { TaskDefinition } from '../ecs/task-definition/model.js';
import { parseDotenv } from './dotenv.js';
import { applyDockerLabels, applyEnvironment } from './environment.js';
import { cpuUnits, describeFargateMemory, isFargateSize, memoryMiB } from './fargate.js';
import type { RenderOptions } from './options.js';
import { readSettingFile } from './setting-file.js';

/** `image` (one container) and `images` (container=image lines). Returns container -> image set. */
export function applyImages(document: TaskDefinition, options: Pick<RenderOptions, 'image' | 'images' | 'container'>): Map<string, string> {
  const set = new Map<string, string>();
  if (options.image !== undefined) {
    const container = targetContainer(document, options.container, 'image');
    container.image = options.image;
    set.set(String(container.name), options.image);
  }
  for (const [name, image] of options.images) {
    imagesLineContainer(document, name, image).image = image;
    set.set(name, image);
  }
  return set;
}

/** env-file, then environment (explicit lines win), then remove-environment; command; labels. */
export function applyContainerSettings(document: TaskDefinition, options: RenderOptions): void {
  const fromFile = options.envFile ? readEnvFile(options.envFile) : [];
  const set = [...fromFile, ...options.environment];
  if (set.length || options.removeEnvironment.length) {
    const setting = options.environment.length ? 'environment' : options.envFile ? 'envFile' : 'removeEnvironment';
    applyEnvironment(targetContainer(document, options.container, setting), { set, remove: options.removeEnvironment });
  }
  if (options.command) targetContainer(document, options.container, 'command').command = options.command;
  if (options.dockerLabels.length) applyDockerLabels(targetContainer(document, options.container, 'dockerLabels'), options.dockerLabels);
}

function readEnvFile(path: string): Array<[string, string]> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw invalidSetting('envFile', path, `a readable dotenv file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  return readSettingFile('envFile', path, (source) => parseDotenv(decodeText(bytes, source), source));
}

/** Task-level cpu/memory and roles; a cpu/memory pair Fargate does not offer names the setting. */
export function applyTaskSettings(document: TaskDefinition, options: RenderOptions): void {
  if (options.cpu !== undefined) document.cpu = options.cpu;
  if (options.memory !== undefined) document.memory = options.memory;
  if (options.taskRoleArn !== undefined) document.taskRoleArn = options.taskRoleArn;
  if (options.executionRoleArn !== undefined) document.executionRoleArn = options.executionRoleArn;
  const fargate = Array.isArray(document.requiresCompatibilities) && document.requiresCompatibilities.includes('FARGATE');
  if (!fargate || (options.cpu === undefined && options.memory === undefined)) return;
  const cpu = cpuUnits(document.cpu);
  const memory = memoryMiB(document.memory);
  if (cpu === undefined || memory === undefined || Number.isNaN(cpu) || Number.isNaN(memory) || isFargateSize(cpu, memory)) return;
  const name = options.memory !== undefined ? 'memory' : 'cpu';
  throw invalidSetting(
    name,
    String(document[name]),
    `a Fargate size with cpu ${document.cpu} and memory ${document.memory}: ${describeFargateMemory(cpu)}`,
  );
}

/** The family: the input wins over the file's. */
export function applyFamily(document: TaskDefinition, family: string | undefined): void {
  if (family !== undefined) document.family = family;
}
