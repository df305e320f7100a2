import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspacePath, workspacePathRule } from '../../../src/inputs/workspace-path.js';

const base = mkdtempSync(join(tmpdir(), 'workspace-path-'));
const workspace = join(base, 'workspace');
const temp = join(base, 'runner-temp');
const elsewhere = join(base, 'elsewhere');
for (const dir of [workspace, temp, elsewhere]) mkdirSync(dir);
writeFileSync(join(elsewhere, 'secret.json'), '{}');
symlinkSync(join(elsewhere, 'secret.json'), join(workspace, 'link.json'));
symlinkSync(elsewhere, join(workspace, 'dir-link'));
const rule = workspacePathRule({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp });

test('relative paths are read from the workspace; absolute paths inside the workspace or RUNNER_TEMP pass', () => {
  expect(workspacePath('f', 'a/b.json', rule)).toBe(join(workspace, 'a/b.json'));
  expect(workspacePath('f', join(temp, 'x.json'), rule)).toBe(join(temp, 'x.json'));
  expect(workspacePath('f', '.', rule)).toBe(workspace);
});

test.each([
  ['an absolute path elsewhere', () => join(elsewhere, 'secret.json')],
  ['a climb out of the workspace', () => '../elsewhere/secret.json'],
  ['a symlinked file leading out', () => 'link.json'],
  ['a file under a symlinked directory leading out', () => 'dir-link/secret.json'],
  ['a file that does not exist under a symlinked directory', () => 'dir-link/new.json'],
])('%s is refused in one line naming the input', (_name, value) => {
  expect(() => workspacePath('task-definition', value(), rule)).toThrow(
    /^Input "task-definition" has value ".*": expected a path inside the workspace \(.*\) or the runner's temp directory \(.*\).*; set "allow-paths-outside-workspace: true" to read files elsewhere\.$/,
  );
});

test('the input lifts the rule', () => {
  expect(workspacePath('f', join(elsewhere, 'secret.json'), { ...rule, allowOutside: true })).toBe(join(elsewhere, 'secret.json'));
});

test('without GITHUB_WORKSPACE the working directory is the workspace', () => {
  expect(workspacePathRule({}).workspace).toBe(process.cwd());
});
