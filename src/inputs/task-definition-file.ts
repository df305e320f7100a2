import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJsonDocument } from './json-document.js';
import { invalid } from './parse.js';
import { withInputNames } from './setting-error.js';
import { TASK_DEFINITION_REFERENCE } from './task-definition-reference.js';
import { readTextFile } from './text-file.js';
import { workspacePath, workspacePathRule, type PathRule } from './workspace-path.js';

/**
 * What the core makes of a file's JSON object (a registrable task definition). It complains
 * about the document as the setting `taskDefinition` (SettingError); `source` ("Input "x" ("path")")
 * prefixes its other messages.
 */
export type TaskDefinitionReader<D> = (json: Record<string, unknown>, file: { path: string; source: string }) => D;

/** A task definition input: a file to register, or the reference of one already registered. */
export type TaskDefinitionInput<D> = { kind: 'file'; path: string; document: D } | { kind: 'reference'; reference: string };

/**
 * Reads a task definition input: a file (inside the workspace or RUNNER_TEMP unless `paths`
 * allows otherwise) is a rendered definition to register; otherwise it must look like an ARN,
 * `family:revision` or `family`.
 */
export function parseTaskDefinitionInput<D>(
  name: string,
  value: string,
  read: TaskDefinitionReader<D>,
  paths: PathRule = workspacePathRule(process.env),
): TaskDefinitionInput<D> {
  if (!TASK_DEFINITION_REFERENCE.test(value) || isFile(resolve(paths.workspace, value))) {
    const path = workspacePath(name, value, paths);
    if (isFile(path)) return { kind: 'file', path, document: readTaskDefinitionFile(name, path, read) };
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
 * The task definition file an input names, read and parsed (errors name the line and column and
 * never quote the file), then made a document by the core; what it finds wrong names the input.
 */
export function readTaskDefinitionFile<D>(name: string, path: string, read: TaskDefinitionReader<D>): D {
  const source = `Input "${name}" ("${path}")`;
  const json = parseJsonDocument(readTextFile(path, source), source);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(name, path, 'a task definition JSON file (a JSON object)');
  }
  return withInputNames({ taskDefinition: name }, () => read(json as Record<string, unknown>, { path, source }));
}
