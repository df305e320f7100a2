import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temp dirs of runs, extracted repositories and fixtures, removed after the test file (results
 * point into them until then): through jest's afterAll when this module is loaded by a test file,
 * else when the process exits. WORKFLOW_RUNNER_KEEP_TEMP=1 keeps them for debugging.
 */
const created: string[] = [];

function removeAll(): void {
  if (process.env.WORKFLOW_RUNNER_KEEP_TEMP === '1') return;
  for (const path of created.splice(0)) rmSync(path, { recursive: true, force: true });
}

const jestAfterAll = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll;
try {
  if (typeof jestAfterAll !== 'function') throw new Error('not under jest');
  jestAfterAll(removeAll);
} catch {
  process.once('exit', removeAll);
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}
