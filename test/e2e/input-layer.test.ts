import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAction } from './run-action.js';

/**
 * Issue 8 item 3, the input layer: the core names a setting it finds wrong and the action names
 * the input, so the user still reads one line naming the input they set; the parsed inputs are in
 * the debug log with secrets left out. Nothing here reaches AWS.
 */

const CONTEXT = resolve(import.meta.dirname, '..', 'fixtures', 'service');

test('build-push: tag-branch on a run without a branch names the input "tag-branch"', async () => {
  const run = await runAction('build-push', {
    inputs: { repository: 'registry.example.com/shop', context: CONTEXT, 'tag-branch': true },
    env: { GITHUB_REF_NAME: undefined, GITHUB_HEAD_REF: undefined },
    runnerTemp: mkdtempSync(join(tmpdir(), 'setting-errors-')),
  });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['Input "tag-branch" is true, but this run has no branch name (GITHUB_REF_NAME).']);
});

test('build-push: an invalid tag names the input "tags"', async () => {
  const run = await runAction('build-push', {
    inputs: { repository: 'registry.example.com/shop', context: CONTEXT, tags: '-bad' },
    runnerTemp: mkdtempSync(join(tmpdir(), 'setting-errors-')),
  });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'Input "tags" has value "-bad": expected tag names of letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-").',
  ]);
});

test('build-push writes its parsed inputs to the debug log, the build secrets left out', async () => {
  const run = await runAction('build-push', {
    inputs: { repository: 'registry.example.com/shop', context: CONTEXT, secrets: 'npm=tok-debug-0042', builder: 'docker' },
    runnerTemp: mkdtempSync(join(tmpdir(), 'setting-errors-')),
  });
  const debug = run.stdout.split('\n').find((line) => line.startsWith('::debug::Inputs: '));
  expect(debug).toContain('"repository":"registry.example.com/shop"');
  expect(debug).toContain('"secrets":"***"');
  // Only the mask command itself carries the value (the runner hides it everywhere else).
  expect(run.output.split('\n').filter((line) => line.includes('tok-debug-0042'))).toEqual(['::add-mask::tok-debug-0042']);
});
