// Writes each action's inputs and outputs tables into README.md from its action.yml, between
// <!-- reference:NAME --> and <!-- /reference:NAME --> markers, and each reusable workflow's inputs,
// secrets and outputs from its `on.workflow_call`, between <!-- workflow:NAME --> and
// <!-- /workflow:NAME -->. `--check` fails if README is stale.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const cell = (text) =>
  String(text ?? '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');

function reference(name) {
  const meta = parse(readFileSync(join('actions', name, 'action.yml'), 'utf8'));
  const inputs = Object.entries(meta.inputs ?? {}).map(
    ([input, spec]) =>
      `| \`${input}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined ? `\`${cell(spec.default)}\`` : ''} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(meta.outputs ?? {}).map(([output, spec]) => `| \`${output}\` | ${cell(spec.description)} |`);
  return [
    `${cell(meta.description)}`,
    '',
    '| input | required | default | description |',
    '|---|---|---|---|',
    ...inputs,
    '',
    '| output | description |',
    '|---|---|',
    ...outputs,
  ].join('\n');
}

/** The tables of a reusable workflow (.github/workflows/NAME.yml with on.workflow_call). */
function workflowReference(name) {
  const call = parse(readFileSync(join('.github', 'workflows', `${name}.yml`), 'utf8')).on.workflow_call;
  const inputs = Object.entries(call.inputs ?? {}).map(
    ([input, spec]) =>
      `| \`${input}\` | ${spec.type} | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined ? `\`${cell(spec.default)}\`` : ''} | ${cell(spec.description)} |`,
  );
  const secrets = Object.entries(call.secrets ?? {}).map(
    ([secret, spec]) => `| \`${secret}\` | ${spec?.required ? 'yes' : 'no'} | ${cell(spec?.description)} |`,
  );
  const outputs = Object.entries(call.outputs ?? {}).map(([output, spec]) => `| \`${output}\` | ${cell(spec.description)} |`);
  return [
    '| input | type | required | default | description |',
    '|---|---|---|---|---|',
    ...inputs,
    ...(secrets.length ? ['', '| secret | required | description |', '|---|---|---|', ...secrets] : []),
    '',
    '| output | description |',
    '|---|---|',
    ...outputs,
  ].join('\n');
}

const reusableWorkflows = () =>
  readdirSync(join('.github', 'workflows'))
    .filter((file) => file.endsWith('.yml'))
    .map((file) => file.replace(/\.yml$/, ''))
    .filter((name) => parse(readFileSync(join('.github', 'workflows', `${name}.yml`), 'utf8'))?.on?.workflow_call);

const readme = readFileSync('README.md', 'utf8');
let updated = readme;
const sections = [
  ...readdirSync('actions')
    .filter((n) => existsSync(join('actions', n, 'action.yml')))
    .map((name) => ({ marker: `reference:${name}`, text: () => reference(name) })),
  ...reusableWorkflows().map((name) => ({ marker: `workflow:${name}`, text: () => workflowReference(name) })),
];
for (const { marker, text } of sections) {
  const pattern = new RegExp(`(<!-- ${marker} -->\\n)[\\s\\S]*?(<!-- /${marker} -->)`);
  if (!pattern.test(updated)) {
    console.error(`README.md has no <!-- ${marker} --> section`);
    process.exitCode = 1;
    continue;
  }
  updated = updated.replace(pattern, (_, open, close) => `${open}${text()}\n${close}`);
}
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md reference tables are stale: run "npm run docs"');
    process.exitCode = 1;
  }
} else if (updated !== readme) {
  writeFileSync('README.md', updated);
  console.log('README.md reference tables updated');
}
