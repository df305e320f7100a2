import { readFileSync, statSync } from 'node:fs';
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { invalid } from '../inputs/parse.js';
import type { Logger } from '../logger.js';
import type { TaskDefinitionSource } from './settings.js';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses. */
const DESCRIBE_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

/** `family`, `family:12` or a task definition ARN. */
const REFERENCE = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(:\d+)?$/;

/**
 * Reads the `task-definition` input: an existing file is a rendered definition to register;
 * otherwise it must look like an ARN, `family:revision` or `family`.
 */
export function taskDefinitionSource(name: string, value: string): TaskDefinitionSource {
  if (isFile(value)) return { kind: 'file', path: value, document: readTaskDefinitionFile(name, value) };
  if (REFERENCE.test(value)) return { kind: 'reference', reference: value };
  const expected = /\.json$/i.test(value)
    ? 'an existing task definition file (no such file)'
    : 'a task definition JSON file, an ARN or family:revision';
  throw invalid(name, value, expected);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A rendered task definition (or DescribeTaskDefinition's output), ready for RegisterTaskDefinition. */
export function readTaskDefinitionFile(name: string, path: string): RegisterTaskDefinitionCommandInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(name, path, `a task definition JSON file (${(error as Error).message})`);
  }
  // `aws ecs describe-task-definition` wraps the document; accept it as people save it.
  const document = (parsed as { taskDefinition?: unknown })?.taskDefinition ?? parsed;
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw invalid(name, path, 'a task definition JSON file (a JSON object)');
  }
  const record = { ...(document as Record<string, unknown>) };
  if (typeof record.family !== 'string' || !record.family) {
    throw invalid(name, path, 'a task definition JSON file with a "family"');
  }
  if (!Array.isArray(record.containerDefinitions) || !record.containerDefinitions.length) {
    throw invalid(name, path, 'a task definition JSON file with "containerDefinitions"');
  }
  for (const field of DESCRIBE_ONLY) delete record[field];
  return record as unknown as RegisterTaskDefinitionCommandInput;
}

/** Registers a file's definition or describes an existing one; either way returns the full definition. */
export async function resolveTaskDefinition(options: {
  ecs: Pick<ECSClient, 'send'>;
  source: TaskDefinitionSource;
  logger: Logger;
}): Promise<TaskDefinition> {
  const { ecs, source, logger } = options;
  if (source.kind === 'file') {
    const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand(source.document));
    if (!taskDefinition?.taskDefinitionArn) throw new Error('RegisterTaskDefinition returned no task definition');
    logger.info(`Registered task definition ${label(taskDefinition)} from ${source.path}`);
    return taskDefinition;
  }
  try {
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: source.reference }));
    if (!taskDefinition?.taskDefinitionArn) throw new Error('DescribeTaskDefinition returned no task definition');
    logger.info(`Using task definition ${label(taskDefinition)}`);
    return taskDefinition;
  } catch (error) {
    // ECS answers a reference it does not know with a ClientException.
    if ((error as { name?: string }).name === 'ClientException') {
      throw invalid('task-definition', source.reference, `a registered task definition (${(error as Error).message})`);
    }
    throw error;
  }
}

/** "family:12". */
export function label(taskDefinition: TaskDefinition): string {
  return `${taskDefinition.family}:${taskDefinition.revision}`;
}

/** The named container, or the first essential one (containers are essential unless they say no). */
export function chooseContainer(taskDefinition: TaskDefinition, name?: string): ContainerDefinition {
  const containers = taskDefinition.containerDefinitions ?? [];
  if (name) {
    const found = containers.find((c) => c.name === name);
    if (found) return found;
    const names = containers.map((c) => c.name).join(', ');
    throw invalid('container', name, `a container of task definition ${label(taskDefinition)} (${names})`);
  }
  const essential = containers.find((c) => c.essential !== false);
  if (!essential) throw new Error(`Task definition ${label(taskDefinition)} has no essential container`);
  return essential;
}
