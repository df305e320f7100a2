import { jest } from '@jest/globals';
import { runPost } from '../../../src/github/run.js';

/**
 * Issue 8 item 5: a post step's error is a warning (actions/checkout's cleanup does this), unless
 * cleaning up is the post step's whole job: then the step fails, so the leftover is seen.
 */

async function stepOutput(work: () => Promise<void>): Promise<{ lines: string[]; exitCode: typeof process.exitCode }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (chunks.push(String(chunk)), true));
  const before = process.exitCode;
  try {
    await work();
    return { lines: chunks.join('').split('\n').filter(Boolean), exitCode: process.exitCode };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}

const failing = async () => {
  throw new Error('the cluster is gone');
};

test('an error in a post step whose cleaning is a side job is a warning; the step passes', async () => {
  const { lines, exitCode } = await stepOutput(() => runPost(failing, { cleanupIsTheJob: false }));
  expect(lines).toContain('::warning::the cluster is gone');
  expect(lines.some((line) => line.startsWith('::error::'))).toBe(false);
  expect(exitCode).toBeUndefined();
});

test('an error in a post step whose whole job is cleaning up fails the step with one line', async () => {
  const { lines, exitCode } = await stepOutput(() => runPost(failing, { cleanupIsTheJob: true }));
  expect(lines).toContain('::error::the cluster is gone');
  expect(exitCode).toBe(1);
});

test('a post step that succeeds prints nothing of its own', async () => {
  const { lines, exitCode } = await stepOutput(() => runPost(async () => undefined, { cleanupIsTheJob: false }));
  expect(lines).toEqual([]);
  expect(exitCode).toBeUndefined();
});
