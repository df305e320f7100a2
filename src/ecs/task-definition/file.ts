import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { parseJsonDocument } from '../../inputs/json-document.js';
import { invalid } from '../../inputs/parse.js';
import { TASK_DEFINITION_REFERENCE } from '../../inputs/task-definition-reference.js';
import { readTextFile } from '../../inputs/text-file.js';
import { workspacePath, workspacePathRule, type PathRule } from '../../inputs/workspace-path.js';
import { isObject } from './model.js';
import { dropReadOnlyFields, unwrapDescribeOutput } from './normalize.js';
import { checkTaskDefinitionKeys } from './schema.js';

/** The task definition an action is given: a rendered file to register, or one already registered. */
export type TaskDefinitionChoice =
  { kind: 'file'; path: string; document: RegisterTaskDefinitionCommandInput } | { kind: 'reference'; reference: string };

/**
 * Reads a task definition input: a file (inside the workspace or RUNNER_TEMP unless `paths`
 * allows otherwise) is a rendered definition to register; otherwise it must look like an ARN,
 * `family:revision` or `family`.
 */
export function parseTaskDefinitionChoice(
  name: string,
  value: string,
  paths: PathRule = workspacePathRule(process.env),
): TaskDefinitionChoice {
  if (!TASK_DEFINITION_REFERENCE.test(value) || isFile(resolve(paths.workspace, value))) {
    const path = workspacePath(name, value, paths);
    if (isFile(path)) return { kind: 'file', path, document: readTaskDefinitionFile(name, path) };
  }
  if (TASK_DEFINITION_REFERENCE.test(value)) return { kind: 'reference', reference: value };
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
  if (!isObject(parsed)) throw invalid(name, path, 'a task definition JSON file (a JSON object)');
  // `aws ecs describe-task-definition` wraps the document; accept it as people save it. The tags
  // beside it stay out: registering with tags needs ecs:TagResource, which a deploy role may lack.
  const { document } = unwrapDescribeOutput(parsed, false);
  if (typeof document.family !== 'string' || !document.family) {
    throw invalid(name, path, 'a task definition JSON file with a "family"');
  }
  if (!Array.isArray(document.containerDefinitions) || !document.containerDefinitions.length) {
    throw invalid(name, path, 'a task definition JSON file with "containerDefinitions"');
  }
  dropReadOnlyFields(document);
  return checkTaskDefinitionKeys(document, source).document as unknown as RegisterTaskDefinitionCommandInput;
}
