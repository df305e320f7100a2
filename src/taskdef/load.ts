import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigurationError } from '../errors.js';
import { parseJsonDocument } from '../inputs/json-document.js';
import { readTextFile } from '../inputs/text-file.js';
import { isObject, type TaskDefinition } from '../ecs/task-definition/model.js';

/** YAML aliases expanded at most this many times: more is an alias bomb, refused in one line. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads a task definition template: JSON or YAML (by extension; otherwise JSON when the text
 * starts with "{"), UTF-8 with or without a byte-order mark or UTF-16 with one. A parse error
 * names the line and column, prefixed by `source` (the input and path), and never quotes the file.
 */
export function loadTemplate(path: string, source = `Task definition "${path}"`): TaskDefinition {
  return parseTemplate(readTextFile(path, source), { source, yaml: isYamlPath(path) });
}

const isYamlPath = (path: string) => ['.yml', '.yaml'].includes(extname(path).toLowerCase());

export function parseTemplate(raw: string, options: { source: string; yaml?: boolean }): TaskDefinition {
  const text = raw.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new ConfigurationError(`${options.source}: the file is empty.`);
  const yaml = options.yaml ?? !text.trimStart().startsWith('{');
  const value = yaml ? parseYaml(text, options.source) : parseJsonDocument(text, options.source);
  if (!isObject(value)) {
    throw new ConfigurationError(`${options.source}: expected an object with containerDefinitions, got ${describeType(value)}.`);
  }
  return value;
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function parseYaml(text: string, source: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}` : 'unknown position';
    throw new ConfigurationError(`${source}: YAML error at ${where}: ${firstLine(error.message)}`);
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ConfigurationError(
        `${source}: YAML error: more than ${MAX_ALIAS_COUNT} aliases expanded (an alias bomb?); write the values out.`,
      );
    }
    throw error;
  }
}

const firstLine = (text: string) => text.split('\n')[0].replace(/:$/, '').trim();
