import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigurationError } from '../errors.js';
import { isObject, type TaskDefinition } from './document.js';

/**
 * Reads a task definition template: JSON or YAML (by extension; otherwise JSON when the text
 * starts with "{"), UTF-8 with or without a byte-order mark. A parse error names the line and
 * column, prefixed by `source` (the input and path), so the user can go straight to it.
 */
export function loadTemplate(path: string, source = `Task definition "${path}"`): TaskDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ConfigurationError(`${source}: cannot read the file (${reason}).`);
  }
  return parseTemplate(text, { source, yaml: isYamlPath(path) });
}

const isYamlPath = (path: string) => ['.yml', '.yaml'].includes(extname(path).toLowerCase());

export function parseTemplate(raw: string, options: { source: string; yaml?: boolean }): TaskDefinition {
  const text = raw.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new ConfigurationError(`${options.source}: the file is empty.`);
  const yaml = options.yaml ?? !text.trimStart().startsWith('{');
  const value = yaml ? parseYaml(text, options.source) : parseJson(text, options.source);
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
  return document.toJS({ maxAliasCount: 100 });
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const { line, col } = jsonErrorPosition(text, message);
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '').replace(/, ".*" is not valid JSON$/, '');
    throw new ConfigurationError(`${source}: JSON error at line ${line}, column ${col}: ${firstLine(reason)}`);
  }
}

/**
 * Node's JSON.parse reports a character position (in some versions none at all); the YAML
 * parser, which reads JSON too, then locates the problem.
 */
function jsonErrorPosition(text: string, message: string): { line: number; col: number } {
  const position = /position (\d+)/.exec(message);
  if (position) return lineAndColumn(text, Number(position[1]));
  if (/end of (JSON|data)/i.test(message)) return lineAndColumn(text, text.length);
  const at = parseDocument(text).errors[0]?.linePos?.[0];
  return at ? { line: at.line, col: at.col } : { line: 1, col: 1 };
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

const firstLine = (text: string) => text.split('\n')[0].trim();
