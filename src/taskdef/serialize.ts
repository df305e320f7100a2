import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, type TaskDefinition } from './document.js';

/** Keys sorted at every level (list order kept), two-space indent: rendered files diff cleanly. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

export function serializeTaskDefinition(document: TaskDefinition): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

/** Writes the rendered file into a fresh directory under `baseDir` (RUNNER_TEMP); returns its path. */
export function writeTaskDefinition(document: TaskDefinition, baseDir: string): string {
  mkdirSync(baseDir, { recursive: true });
  const dir = mkdtempSync(join(baseDir, 'render-taskdef-'));
  const path = join(dir, `${document.family || 'task-definition'}.json`);
  writeFileSync(path, serializeTaskDefinition(document));
  return path;
}
