import { readFileSync, statSync } from 'node:fs';
import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { invalid } from '../inputs/parse.js';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/** A task definition to use: a rendered file to register, or one already registered. */
export type TaskDefinitionSource =
  | { kind: 'file'; path: string; document: RegisterTaskDefinitionCommandInput }
  | { kind: 'reference'; reference: string };

/** `family`, `family:12` or a task definition ARN. */
const REFERENCE = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(:\d+)?$/;

/**
 * Reads a task definition input: an existing file is a rendered definition to register;
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
  for (const field of READ_ONLY_FIELDS) delete record[field];
  return record as unknown as RegisterTaskDefinitionCommandInput;
}

/** "family:12". */
export function label(taskDefinition: Pick<TaskDefinition, 'family' | 'revision'>): string {
  return `${taskDefinition.family}:${taskDefinition.revision}`;
}
