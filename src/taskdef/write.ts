import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeTaskDefinition } from '../ecs/task-definition/json.js';
import type { TaskDefinition } from '../ecs/task-definition/model.js';

/** Writes the rendered file into a fresh directory under `baseDir` (RUNNER_TEMP); returns its path. */
export function writeTaskDefinition(document: TaskDefinition, baseDir: string): string {
  mkdirSync(baseDir, { recursive: true });
  const dir = mkdtempSync(join(baseDir, 'render-taskdef-'));
  const path = join(dir, `${document.family || 'task-definition'}.json`);
  writeFileSync(path, serializeTaskDefinition(document));
  return path;
}
