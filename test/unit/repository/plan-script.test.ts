import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './workflow-files.js';

/**
 * The check job's script (.github/actions/plan/plan.sh), which runs before any AWS credentials
 * exist: each bad input stops the run with one line naming it, and the job timeouts follow the
 * duration inputs. (The commit check against GitHub is in test/e2e/workflows.test.ts.)
 */

function plan(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'plan-'));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const run = spawnSync('bash', [join(ROOT, '.github/actions/plan/plan.sh')], {
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_SHA: 'a'.repeat(40), ...env },
    encoding: 'utf8',
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code: run.status, stdout: run.stdout.trim(), outputs };
}

test('job timeouts follow the duration inputs, beyond an hour too', () => {
  const { code, outputs } = plan({ TIMEOUT: '2h', MIGRATION_TIMEOUT: '1h30m', SERVICES: '["api"]' });
  expect(code).toBe(0);
  expect(outputs).toMatchObject({ 'deploy-minutes': '130', 'migration-minutes': '100' });
  expect(plan({ TIMEOUT: '90s' }).outputs['deploy-minutes']).toBe('12');
  expect(plan({ TIMEOUT: '600' }).outputs['deploy-minutes']).toBe('20');
});

test.each([
  [{ TIMEOUT: '30 minutes' }, 'Input "timeout" is "30 minutes": expected a duration such as 90s, 10m or 1h30m'],
  [{ MIGRATION_TIMEOUT: '1d' }, 'Input "migration-timeout" is "1d": expected a duration such as 90s, 10m or 1h30m'],
  [{ SERVICES: 'api,worker' }, 'Input "services" is "api,worker": expected a JSON array of ECS service names, e.g. ["api", "worker"]'],
  [{ SERVICES: '[]' }, 'Input "services" is "[]": expected a JSON array'],
  [{ VARS: 'IMAGE=x\n SERVICE=admin' }, `Input "vars" sets SERVICE: expected no SERVICE line, the workflow sets it to each service's name`],
  [{ TEST_PARALLELISM: '0' }, 'Input "test-parallelism" is "0": expected a whole number from 1 to 64'],
  [{ TASK_DEFINITION_ARN: 'shop-api' }, 'Input "task-definition-arn" is "shop-api": expected a task definition ARN or family:revision'],
  [{ RESOLVE_COMMIT: 'true', REF: 'main' }, 'Input "ref" is "main": expected a full 40-character commit SHA on the default branch'],
])('%j stops with one line naming the input', (env, message) => {
  const { code, stdout, outputs } = plan(env);
  expect(code).toBe(1);
  expect(stdout.split('\n')).toHaveLength(1);
  expect(stdout).toContain(`::error::${message}`);
  expect(outputs.sha).toBeUndefined();
});

test('a value cannot start a workflow command of its own in the error line', () => {
  const { code, stdout } = plan({ SERVICES: '["api"]\n::warning::injected\r::add-mask::x 100%' });
  expect(code).toBe(1);
  expect(stdout).toBe(
    `::error::Input "services" is "["api"]%0A::warning::injected%0D::add-mask::x 100%25": expected a JSON array of ECS service names, e.g. ["api", "worker"]`,
  );
});

test('the migration takes its settings from the first service by default, and the test shards count from 0', () => {
  expect(plan({ SERVICES: '["api","worker"]', TEST_PARALLELISM: '3' }).outputs).toMatchObject({
    'migration-service': 'api',
    'test-shards': '[0,1,2]',
  });
  expect(plan({ SERVICES: '["api","worker"]', MIGRATION_SERVICE: 'worker' }).outputs['migration-service']).toBe('worker');
});

test('without ref the commit is the triggering one, asked of no API', () => {
  const { code, outputs } = plan({ RESOLVE_COMMIT: 'true', GITHUB_API_URL: 'http://127.0.0.1:9' });
  expect([code, outputs.sha]).toEqual([0, 'a'.repeat(40)]);
});
