// Writes each action's inputs and outputs tables into README.md from its action.yml, between
// <!-- reference:NAME --> and <!-- /reference:NAME --> markers. `--check` fails if README is stale.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const cell = (text) => String(text ?? '').trim().replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

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

const readme = readFileSync('README.md', 'utf8');
let updated = readme;
for (const name of readdirSync('actions').filter((n) => existsSync(join('actions', n, 'action.yml')))) {
  const pattern = new RegExp(`(<!-- reference:${name} -->\\n)[\\s\\S]*?(<!-- /reference:${name} -->)`);
  if (!pattern.test(updated)) {
    console.error(`README.md has no <!-- reference:${name} --> section`);
    process.exitCode = 1;
    continue;
  }
  updated = updated.replace(pattern, (_, open, close) => `${open}${reference(name)}\n${close}`);
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
