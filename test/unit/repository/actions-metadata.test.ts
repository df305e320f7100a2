import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Every action's metadata is part of its interface: each input the code reads is declared and
 * described in action.yml, each declared input is read, every output is described, and the
 * runtime is GitHub's current one.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const actions = readdirSync(join(ROOT, 'actions')).filter((name) => existsSync(join(ROOT, 'actions', name, 'main.ts')));

/**
 * Input names passed as string literals to the input readers in inputs.ts (and inputs-<part>.ts,
 * as route-canary reads each mode's inputs in a file of its own), and in the shared readers they
 * import from src/github/ (credentialInputs reads role-to-assume and its options).
 */
function inputSources(name: string): string[] {
  const dir = join(ROOT, 'actions', name);
  const own = readdirSync(dir)
    .filter((file) => /^inputs(-[a-z0-9-]+)?\.ts$/.test(file))
    .map((file) => readFileSync(join(dir, file), 'utf8'));
  const shared = [
    ...new Set(own.flatMap((source) => [...source.matchAll(/from '\.\.\/\.\.\/src\/github\/([a-z-]+)\.js'/g)].map((m) => m[1]))),
  ]
    .filter((file) => file !== 'inputs')
    .map((file) => readFileSync(join(ROOT, 'src', 'github', `${file}.ts`), 'utf8'));
  return [...own, ...shared];
}

/** Names passed straight to the shared readers (optionalInput('x'), booleanInput('x', ...)). */
const readersCalled = (sources: string[]) =>
  new Set(sources.flatMap((text) => [...text.matchAll(/[a-zA-Z]+Input(?:<[^>]*>)?\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1])));

test('there are actions to check', () => {
  expect(actions.length).toBeGreaterThan(0);
});

describe.each(actions)('actions/%s', (name) => {
  const metadata = parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8'));

  test('runs on node24 from the committed bundle', () => {
    expect(metadata.runs.using).toBe('node24');
    expect(metadata.runs.main).toBe('dist/index.js');
    expect(existsSync(join(ROOT, 'actions', name, metadata.runs.main))).toBe(true);
    if (metadata.runs.post) expect(existsSync(join(ROOT, 'actions', name, metadata.runs.post))).toBe(true);
    expect(metadata.branding).toBeDefined();
  });

  test('every input read is declared and described, every declared input is read', () => {
    const declared = Object.keys(metadata.inputs ?? {});
    const sources = inputSources(name);
    expect([...readersCalled(sources)].filter((input) => !declared.includes(input))).toEqual([]);
    // Local wrappers (matching('family', ...)) pass the name on: a declared input is at least quoted.
    expect(declared.filter((input) => !sources.some((text) => text.includes(`'${input}'`)))).toEqual([]);
    for (const input of declared) expect(metadata.inputs[input].description?.length).toBeGreaterThan(10);
  });

  test('every output is described', () => {
    for (const [output, spec] of Object.entries<any>(metadata.outputs ?? {})) {
      expect([output, spec.description?.length > 10]).toEqual([output, true]);
    }
  });
});
