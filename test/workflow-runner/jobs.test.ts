import { createHash } from 'node:crypto';
import { createFixtureRepo, runWorkflow, WorkflowSchemaError } from './index.js';

/** Runs `.github/workflows/w.yml` of a fresh fixture repository on push. */
async function run(workflow: string, extra: Record<string, string> = {}, options: Partial<Parameters<typeof runWorkflow>[0]> = {}) {
  const repo = createFixtureRepo({ files: { '.github/workflows/w.yml': workflow, ...extra } });
  return runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
    ...options,
  });
}

test('jobs run in needs order and pass outputs through needs', async () => {
  const result = await run(`
on: push
jobs:
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo "got=\${{ needs.first.outputs.word }} \${{ needs.first.result }}" >> "$GITHUB_OUTPUT"
        id: s
    outputs:
      got: \${{ steps.s.outputs.got }}
  first:
    runs-on: ubuntu-latest
    outputs:
      word: \${{ steps.w.outputs.word }}
    steps:
      - id: w
        run: echo "word=hello" >> "$GITHUB_OUTPUT"
`);
  expect(result.conclusion).toBe('success');
  expect(result.jobs.map((j) => j.path)).toEqual(['first', 'second']);
  expect(result.job('second').outputs.got).toBe('hello success');
});

test('a failed job skips its dependents unless their if uses a status function', async () => {
  const result = await run(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: exit 3
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  c:
    needs: b
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo "after failure"
  d:
    needs: b
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "b was \${{ needs.b.result }}"
`);
  expect(result.conclusion).toBe('failure');
  expect(result.job('a').result).toBe('failure');
  expect(result.job('a').steps[0].log).toContain('Process completed with exit code 3.');
  expect(result.job('b').result).toBe('skipped');
  expect(result.job('c').result).toBe('success');
  expect(result.job('d').steps[0].log).toContain('b was skipped');
});

test('a skipped ancestor skips a job whose direct needs succeeded (GitHub behaviour)', async () => {
  const result = await run(`
on: push
jobs:
  a:
    if: false
    runs-on: ubuntu-latest
    steps: [{ run: echo a }]
  b:
    needs: a
    if: always()
    runs-on: ubuntu-latest
    steps: [{ run: echo b }]
  c:
    needs: b
    runs-on: ubuntu-latest
    steps: [{ run: echo c }]
`);
  expect(result.job('a').result).toBe('skipped');
  expect(result.job('b').result).toBe('success');
  expect(result.job('c').result).toBe('skipped');
});

test('a schema error is reported with GitHub parser messages', async () => {
  await expect(
    run(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    stepz:
      - run: echo hi
`),
  ).rejects.toThrow(WorkflowSchemaError);
  await expect(
    run(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    stepz:
      - run: echo hi
`),
  ).rejects.toThrow(/stepz/);
});

test('a job with continue-on-error fails without failing the run, and its dependents see success; hashFiles hashes the checked-out files', async () => {
  const result = await run(
    `
on: push
jobs:
  flaky:
    continue-on-error: true
    runs-on: ubuntu-latest
    steps: [{ run: exit 1 }]
  after-flaky:
    needs: flaky
    runs-on: ubuntu-latest
    steps:
      - run: echo "flaky was \${{ needs.flaky.result }}"
  hash:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "hash=\${{ hashFiles('**/*.lock') }} none=\${{ hashFiles('missing/*') }}."
`,
    { 'deps.lock': 'a', 'sub/more.lock': 'b' },
  );
  expect(result.job('flaky').result).toBe('failure');
  expect(result.conclusion).toBe('success');
  // GitHub hands dependents `success` for a job that failed under continue-on-error.
  expect(result.job('after-flaky').steps[0].log).toContain('flaky was success');
  const sha = (text: string) => createHash('sha256').update(text).digest();
  const expected = createHash('sha256').update(sha('a')).update(sha('b')).digest('hex');
  expect(result.job('hash').steps[1].log).toContain(`hash=${expected} none=.`);
});

test('job outputs that are empty or contain a secret are not set, as the runner skips them', async () => {
  const result = await run(
    `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      plain: \${{ steps.s.outputs.plain }}
      leaky: \${{ steps.s.outputs.leaky }}
      masked: \${{ steps.s.outputs.masked }}
      empty: \${{ steps.s.outputs.nothing }}
    steps:
      - id: s
        env: { TOKEN: "\${{ secrets.API_TOKEN }}" }
        run: |
          echo "::add-mask::runtime-value"
          echo "plain=hello" >> "$GITHUB_OUTPUT"
          echo "leaky=token:$TOKEN" >> "$GITHUB_OUTPUT"
          echo "masked=runtime-value" >> "$GITHUB_OUTPUT"
`,
    {},
    { secrets: { API_TOKEN: 'tok-123456' } },
  );
  expect(result.job('a').outputs).toEqual({ plain: 'hello' });
  expect(result.job('a').annotations).toEqual([
    "warning: Skip output 'leaky' since it may contain secret.",
    "warning: Skip output 'masked' since it may contain secret.",
  ]);
});
