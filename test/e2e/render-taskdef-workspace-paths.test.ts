import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { runAction, type ActionRun } from './run-action.js';

/**
 * Issue 7, finding 10: files named by inputs (task definitions, env files, the Dockerfile, the
 * build context) are read only inside the workspace or RUNNER_TEMP, symlinks resolved, unless
 * `allow-paths-outside-workspace: true`; one rule (src/inputs/workspace-path.ts) for every
 * action. A JSON error gives a position and never quotes the file. Each refusal is one line
 * naming the input, before any AWS call.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:2.0.0';
const SECRETISH = 'sk_live_51HxQ_first_characters';
const document = {
  family: 'shop-paths',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'api', image: IMAGE, essential: true }],
};

let sim: Simulator;
let inside: string;
let outside: string;
beforeAll(async () => {
  sim = await startSimulator();
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  inside = mkdtempSync(join(ROOT, '.tmp', 'workspace-paths-'));
  outside = mkdtempSync(join(tmpdir(), 'outside-workspace-'));
  for (const dir of [inside, outside]) {
    writeFileSync(join(dir, 'td.json'), JSON.stringify(document));
    writeFileSync(join(dir, 'app.env'), 'A=1\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  }
  symlinkSync(join(outside, 'td.json'), join(inside, 'link-out.json'));
});
afterAll(() => sim.stop());
beforeEach(() => sim.world.calls.clear());

function expectRefused(run: ActionRun, input: string, extra: RegExp = /./): void {
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(
    new RegExp(`^Input "${input}" has value ".*": expected a path inside the workspace \\(${ROOT.replace(/[/.]/g, '\\$&')}\\)`),
  );
  expect(run.errors[0]).toMatch(/set "allow-paths-outside-workspace: true" to read files elsewhere/);
  expect(run.errors[0]).toMatch(extra);
  expect(run.code).toBe(1);
  expect(sim.world.callCounts()).toEqual({});
}

const run = (action: string, inputs: Record<string, string>) => runAction(action, { inputs, env: simulatorEnv(sim) });

describe('render-taskdef', () => {
  test('a task definition outside the workspace is refused', async () => {
    expectRefused(await run('render-taskdef', { 'task-definition': join(outside, 'td.json') }), 'task-definition');
  });

  test('a symlink in the workspace that leads outside is refused, naming where it leads', async () => {
    expectRefused(
      await run('render-taskdef', { 'task-definition': join(inside, 'link-out.json') }),
      'task-definition',
      /it resolves to .*outside-workspace-.*td\.json/,
    );
  });

  test('an env file outside the workspace is refused', async () => {
    expectRefused(
      await run('render-taskdef', { 'task-definition': join(inside, 'td.json'), 'env-file': join(outside, 'app.env') }),
      'env-file',
    );
  });

  test('a relative path is read from the workspace; RUNNER_TEMP is allowed; the input lifts the rule', async () => {
    const relative = await run('render-taskdef', {
      'task-definition': join(inside, 'td.json').slice(ROOT.length + 1),
      'execution-role-arn': 'arn:aws:iam::123456789012:role/x',
    });
    expect(relative.errors).toEqual([]);
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    writeFileSync(join(runnerTemp, 'td.json'), JSON.stringify(document));
    const fromTemp = await runAction('render-taskdef', {
      runnerTemp,
      inputs: { 'task-definition': join(runnerTemp, 'td.json') },
      env: simulatorEnv(sim),
    });
    expect(fromTemp.errors).toEqual([]);
    const allowed = await run('render-taskdef', { 'task-definition': join(outside, 'td.json'), 'allow-paths-outside-workspace': 'true' });
    expect(allowed.errors).toEqual([]);
    expect(allowed.code).toBe(0);
  });
});

describe('deploy-service and run-migration', () => {
  const deploy = { cluster: 'shop', service: 'api', 'aws-region': 'us-east-1' };

  test('deploy-service: a task definition file outside the workspace is refused', async () => {
    expectRefused(await run('deploy-service', { ...deploy, 'task-definition': join(outside, 'td.json') }), 'task-definition');
  });

  test('deploy-service: a JSON error gives the line and column and never the first characters of the file', async () => {
    const broken = join(inside, 'broken.json');
    writeFileSync(broken, `{\n  "family": "${SECRETISH}",\n  "containerDefinitions": [ }\n}\n`);
    const result = await run('deploy-service', { ...deploy, 'task-definition': broken });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/JSON error at line 3, column 29: /);
    expect(result.output).not.toContain(SECRETISH);
    expect(result.output).not.toContain('sk_live');
    expect(sim.world.callCounts()).toEqual({});
  });

  test('run-migration: a task definition file outside the workspace is refused', async () => {
    expectRefused(
      await run('run-migration', { cluster: 'shop', 'task-definition': join(outside, 'td.json'), 'aws-region': 'us-east-1' }),
      'task-definition',
    );
  });
});

describe('build-push', () => {
  const base = { repository: 'shop/api', 'aws-region': 'us-east-1' };

  test('a build context outside the workspace is refused', async () => {
    expectRefused(await run('build-push', { ...base, context: outside }), 'context');
  });

  test('a Dockerfile outside the workspace is refused', async () => {
    expectRefused(await run('build-push', { ...base, context: inside, dockerfile: join(outside, 'Dockerfile') }), 'dockerfile');
  });
});
