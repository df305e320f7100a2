import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runAction } from './run-action.js';

/**
 * ncc turns an import it cannot resolve into a runtime error, so a bundle can build and then
 * crash. Every bundle is started once with no inputs and no AWS: it must fail cleanly, with one
 * ::error:: line and no module error or stack trace in the log. An action with a required input
 * fails with the runner's standard `Input required and not supplied: <name>`.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const actions = readdirSync(join(ROOT, 'actions')).filter((name) => existsSync(join(ROOT, 'actions', name, 'dist', 'index.js')));

test.each(actions)('%s starts and fails with one clean error line when given nothing', async (name) => {
  const result = await runAction(name, {
    env: { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1', AWS_ACCESS_KEY_ID: undefined },
  });
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0].split('\n')).toHaveLength(1);
  expect(result.output).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module|is not a function|\n\s+at .*index\.js/);

  const inputs: Record<string, { required?: boolean }> =
    parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')).inputs ?? {};
  const required = Object.keys(inputs).filter((input) => inputs[input].required === true);
  const missing = /^Input required and not supplied: ([\w-]+)/.exec(result.errors[0])?.[1];
  if (required.length) expect(required).toContain(missing);
  // An action whose inputs are either/or (render-taskdef: a file or a family) names one of them.
  if (missing) expect(Object.keys(inputs)).toContain(missing);
});
