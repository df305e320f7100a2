import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { putSecret } from '../aws-sim/services/secretsmanager/state.js';
import { oidcEnv } from '../aws-sim/services/sts/oidc.js';
import { buildBaseImage } from '../fixtures/base-image.js';
import { startRegistry, type Registry } from '../registry/registry.js';
import { runAction } from './run-action.js';

/**
 * The root composite passes `role-to-assume` to every step, and a job that uses it has no other
 * AWS credentials: each action that calls AWS must assume the role itself, through the job's OIDC
 * token and the simulator's STS. No static key is in the environment of any step here.
 */

let registry: Registry;
let sim: Simulator;
let work: string;
let builderEnv: Record<string, string>;

const ROLE = 'arn:aws:iam::123456789012:role/ship';

beforeAll(async () => {
  registry = await startRegistry();
  sim = await startSimulator({ registry });
  work = mkdtempSync(join(tmpdir(), 'role-only-e2e-'));
  const storageConf = join(work, 'storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${work}/storage"\nrunroot = "${work}/run"\n`);
  builderEnv = { CONTAINERS_STORAGE_CONF: storageConf, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' };
  await buildBaseImage({ env: { ...process.env, ...builderEnv } });
  cpSync(join(import.meta.dirname, '..', 'fixtures', 'service'), join(work, 'service'), { recursive: true });
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A job with `permissions: id-token: write` and no AWS keys (and no ~/.aws to fall back on). */
const roleOnlyEnv = () => ({
  ...simulatorEnv(sim),
  ...oidcEnv(sim),
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  HOME: join(work, 'home'),
  GITHUB_WORKSPACE: work,
});

test('ecr-login, build-push and render-taskdef succeed with only role-to-assume, each assuming the role', async () => {
  const assumed = () => sim.world.callCounts()['sts.AssumeRoleWithWebIdentity'] ?? 0;
  const login = await runAction('ecr-login', {
    inputs: { 'role-to-assume': ROLE, 'create-repository': true, repository: 'shop' },
    env: roleOnlyEnv(),
    runnerTemp: mkdtempSync(join(work, 'runner-')),
  });
  expect([login.code, login.errors]).toEqual([0, []]);
  const auth = { DOCKER_CONFIG: login.exportedEnv.DOCKER_CONFIG, REGISTRY_AUTH_FILE: login.exportedEnv.REGISTRY_AUTH_FILE };

  const before = assumed();
  const build = await runAction('build-push', {
    inputs: { 'role-to-assume': ROLE, repository: 'shop', context: join(work, 'service'), builder: 'buildah' },
    env: { ...roleOnlyEnv(), ...builderEnv, ...auth, GITHUB_SHA: '5555555555555555555555555555555555555555' },
    runnerTemp: mkdtempSync(join(work, 'runner-')),
    timeoutMs: 300_000,
  });
  expect([build.code, build.errors]).toEqual([0, []]);
  expect(build.outputs['image-uri']).toMatch(/\/shop@sha256:[0-9a-f]{64}$/);
  expect(build.stdout).toContain(`Assumed role ${ROLE}`);
  expect(assumed() - before).toBe(1);

  putSecret(sim.world, { name: 'shop/db-password', value: 'role-only-secret-value' });
  const template = join(work, 'taskdef.json');
  writeFileSync(
    template,
    JSON.stringify({
      family: 'shop-api',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      containerDefinitions: [{ name: 'api', image: '<IMAGE>', essential: true }],
    }),
  );
  const render = await runAction('render-taskdef', {
    inputs: {
      'role-to-assume': ROLE,
      'task-definition': template,
      image: build.outputs['image-uri'],
      secrets: 'DB_PASSWORD=shop/db-password',
    },
    env: roleOnlyEnv(),
    runnerTemp: mkdtempSync(join(work, 'runner-')),
  });
  expect([render.code, render.errors]).toEqual([0, []]);
  expect(render.stdout).toContain(`Assumed role ${ROLE}`);
  expect(render.output).not.toContain('role-only-secret-value');
}, 400_000);

test('render-taskdef takes the same region names as the other actions (eusc-de-east-1 included)', async () => {
  const template = join(work, 'eusc.json');
  writeFileSync(
    template,
    JSON.stringify({ family: 'shop-eu', containerDefinitions: [{ name: 'api', image: '<IMAGE>', essential: true, memory: 512 }] }),
  );
  const render = await runAction('render-taskdef', {
    inputs: { 'task-definition': template, image: 'nginx:1.27', 'aws-region': 'eusc-de-east-1' },
    env: { ...simulatorEnv(sim), GITHUB_WORKSPACE: work },
    runnerTemp: mkdtempSync(join(work, 'runner-')),
  });
  expect([render.code, render.errors]).toEqual([0, []]);
  expect(render.outputs.family).toBe('shop-eu');
});
