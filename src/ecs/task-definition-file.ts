import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { parseJsonDocument } from '../inputs/json-document.js';
import { invalid } from '../inputs/parse.js';
import { readTextFile } from '../inputs/text-file.js';
import { workspacePath, workspacePathRule, type PathRule } from '../inputs/workspace-path.js';
import { checkTaskDefinitionKeys } from './task-definition-schema.js';

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
 * Reads a task definition input: a file (inside the workspace or RUNNER_TEMP unless `paths`
 * allows otherwise) is a rendered definition to register; otherwise it must look like an ARN,
 * `family:revision` or `family`.
 */
export function taskDefinitionSource(name: string, value: string, paths: PathRule = workspacePathRule(process.env)): TaskDefinitionSource {
  if (!REFERENCE.test(value) || isFile(resolve(paths.workspace, value))) {
    const path = workspacePath(name, value, paths);
    if (isFile(path)) return { kind: 'file', path, document: readTaskDefinitionFile(name, path) };
  }
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

/**
 * A rendered task definition (or DescribeTaskDefinition's output), ready for RegisterTaskDefinition.
 * Errors name the line and column and never quote the file; x- keys are dropped and keys ECS does
 * not define refused, as render-taskdef does.
 */
export function readTaskDefinitionFile(name: string, path: string): RegisterTaskDefinitionCommandInput {
  const source = `Input "${name}" ("${path}")`;
  const parsed = parseJsonDocument(readTextFile(path, source), source);
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
  return checkTaskDefinitionKeys(record, source).document as unknown as RegisterTaskDefinitionCommandInput;
}

/** "family:12". */
export function label(taskDefinition: Pick<TaskDefinition, 'family' | 'revision'>): string {
  return `${taskDefinition.family}:${taskDefinition.revision}`;
}
