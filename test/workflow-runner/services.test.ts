import { createFixtureRepo, runWorkflow } from './index.js';
import { postgresService } from './stand-ins/postgres.js';
import type { RunOptions } from './types.js';

async function run(workflow: string, extra: Partial<RunOptions> = {}) {
  const repo = createFixtureRepo({ files: { '.github/workflows/w.yml': workflow } });
  return runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
    ...extra,
  });
}

const SERVICE_JOB = (image: string) => `
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      db:
        image: "${image}"
        env: { POSTGRES_PASSWORD: test, POSTGRES_DB: app }
        ports: ['5432']
    steps:
      - run: echo "port=\${{ job.services.db.ports['5432'] }}"
`;

test('a service with no stand-in fails the job before its steps; an empty image is not started', async () => {
  const refused = await run(SERVICE_JOB('mysql:8'));
  expect(refused.job('test').result).toBe('failure');
  expect(refused.job('test').reason).toBe(
    "service container 'db' (mysql:8) cannot be started: give the test runner a stand-in in options.services",
  );
  expect(refused.job('test').steps).toEqual([]);
  const none = await run(SERVICE_JOB('${{ vars.DB_IMAGE }}'));
  expect(none.job('test').result).toBe('success');
  expect(none.job('test').services).toBeUndefined();
});

test('a postgres service runs for the job and is reachable at its published port', async () => {
  const result = await run(
    `
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      db:
        image: postgres:16
        env: { POSTGRES_PASSWORD: test, POSTGRES_DB: app }
        ports: ['5432']
    steps:
      - env:
          PGPASSWORD: test
          PORT: \${{ job.services.db.ports['5432'] }}
        run: psql -h 127.0.0.1 -p "$PORT" -U postgres -d app -tAc 'select 40 + 2'
`,
    { services: { postgres: postgresService } },
  );
  expect({ result: result.job('test').result, log: result.log }).toMatchObject({ result: 'success' });
  expect(result.job('test').steps[0].log).toContain('42');
  expect(result.job('test').services?.db).toMatchObject({ image: 'postgres:16', env: { POSTGRES_DB: 'app' } });
});

test('an expression that cannot be evaluated fails its job, not the run', async () => {
  const result = await run(`
on: push
jobs:
  bad:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: \${{ fromJSON('') }}
    steps: [{ run: echo never }]
  other:
    runs-on: ubuntu-latest
    steps: [{ run: echo fine }]
`);
  expect(result.job('bad').result).toBe('failure');
  expect(result.job('bad').reason).toMatch(/^Error when evaluating 'strategy' for job 'bad'/);
  expect(result.job('other').result).toBe('success');
});

test('artifacts: per-leg uploads, then download by pattern merged into one directory', async () => {
  const result = await run(`
on: push
jobs:
  leg:
    strategy:
      matrix: { n: [a, b] }
    runs-on: ubuntu-latest
    steps:
      - run: mkdir -p "$RUNNER_TEMP/out" && echo "\${{ matrix.n }}" > "$RUNNER_TEMP/out/\${{ matrix.n }}.txt"
      - uses: actions/upload-artifact@v4
        with: { name: "result-\${{ matrix.n }}", path: "\${{ runner.temp }}/out/" }
  collect:
    needs: leg
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with: { pattern: result-*, merge-multiple: true, path: "\${{ runner.temp }}/all" }
      - run: cat "$RUNNER_TEMP/all/a.txt" "$RUNNER_TEMP/all/b.txt" | tr '\\n' ' '
`);
  expect(result.job('collect').steps[1].log).toContain('a b');
});
