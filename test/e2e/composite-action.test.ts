import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildBaseImage } from '../fixtures/base-image.js';
import { setScenario } from '../aws-sim/services/ecs/scenarios.js';
import { oidcEnv } from '../aws-sim/services/sts/oidc.js';
import { ACCOUNT, createAccount, describeServices, family } from '../../scripts/lib/account.js';
import { runComposite } from '../../scripts/lib/composite.js';
import { FIXTURE_DIR, startEnvironment, type Environment } from '../../scripts/lib/environment.js';
import { Job, ROOT } from '../../scripts/lib/job.js';
import { MIGRATION_LOGS } from '../../scripts/lib/pipeline.js';
import { seedCanaryAlb } from './route-canary-alb-fixtures.js';

/**
 * The root action.yml, the whole pipeline in one step, run as the runner runs a composite action
 * (scripts/lib/composite.ts) over the built bundles, against the simulator and the real registry:
 * login, build (real buildah), render with the image by digest, migration, deploy of the api.
 */
let env: Environment;
let ecs: Awaited<ReturnType<typeof createAccount>>['clients']['ecs'];

beforeAll(async () => {
  env = await startEnvironment();
  ecs = (await createAccount(env)).clients.ecs;
  await buildBaseImage({ env: { ...process.env, ...env.env } });
}, 180_000);
afterAll(() => env?.stop());

const inputs = (extra: Record<string, string> = {}) => ({
  repository: ACCOUNT.repository,
  context: relative(ROOT, FIXTURE_DIR),
  'task-definition': relative(ROOT, ACCOUNT.template),
  container: 'api',
  // The template's own placeholders; the image itself comes from the build, by digest.
  vars: `SERVICE=api\nIMAGE=set-by-the-build\nAWS_REGION=${env.region}\nECR_ACCOUNT=${env.sim.world.accountId}`,
  secrets: `DATABASE_URL=${ACCOUNT.secretName}`,
  cluster: ACCOUNT.cluster,
  service: 'api',
  timeout: '2m',
  ...extra,
});

test('one step builds, renders by digest, migrates and deploys the service', async () => {
  // The migration is the api's own definition with another command: a one-off task started by
  // run-migration prints its progress and exits 0; the service's tasks stay up.
  setScenario(env.sim.world, {
    family: family('api'),
    startedBy: 'ecs-ship/run-migration',
    outcome: 'exit',
    exitCode: 0,
    logs: MIGRATION_LOGS,
    logIntervalMs: 50,
  });
  const job = new Job({ env: { ...env.env, GITHUB_SHA: 'c0ffee0000000000000000000000000000000001' } });
  const run = await runComposite(job, inputs({ 'migration-command': 'migrate', schedules: 'test/fixtures/service/.aws/schedules.yml' }));

  expect({ ok: run.ok, failed: run.steps.filter((s) => s.status !== 'ok').map((s) => [s.name, s.errors]) }).toEqual({
    ok: true,
    failed: [],
  });
  expect(run.steps.map((s) => s.name)).toEqual([
    'ecr-login (login)',
    'build-push (build)',
    'render-taskdef (render)',
    'run-migration (migrate)',
    'deploy-service (deploy)',
    'sync-schedules (schedules)',
    'Post run-migration (migrate)',
    'Post ecr-login (login)',
  ]);
  expect(run.outputs['image-uri']).toMatch(new RegExp(`^${env.registry.host}/${ACCOUNT.repository}@sha256:[0-9a-f]{64}$`));
  expect(run.outputs['skipped-build']).toBe('false');
  expect(run.outputs['migration-exit-code']).toBe('0');
  expect(run.outputs['task-definition-arn']).toMatch(/task-definition\/shop-api:2$/);
  expect(run.outputs['previous-task-definition-arn']).toMatch(/task-definition\/shop-api:1$/);
  // The migration registered the rendered definition; the deploy reused that very revision.
  expect(env.sim.world.calls.get('ecs.RegisterTaskDefinition')).toBe(3);
  const api = (await describeServices(ecs)).find((s) => s.service === 'api')!;
  expect(api).toMatchObject({ taskDefinition: 'shop-api:2', rolloutState: 'COMPLETED', images: [run.outputs['image-uri']] });
  // The scheduled jobs were synced after the deploy, running the revision it deployed.
  const schedules = run.steps
    .find((s) => s.id === 'schedules')!
    .lines.map((l) => l.text)
    .join('\n');
  expect(schedules).toContain(`Schedules in group ${ACCOUNT.cluster}-api, targeting shop-api:2:`);
  expect(env.sim.world.calls.get('scheduler.CreateSchedule')).toBe(2);
  expect(undocumentedCalls()).toEqual([]);
}, 240_000);

/** The README's IAM table: action -> the permissions it lists. */
function documentedPermissions(): Map<string, Set<string>> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].filter(([, , cell]) => /`[a-z0-9-]+:[A-Za-z]+`/.test(cell));
  return new Map(rows.map(([, action, cell]) => [action, new Set([...cell.matchAll(/`([a-z0-9-]+:[A-Za-z]+)`/g)].map((m) => m[1]))]));
}

/** IAM's service prefix where it is not the signing name the simulator keys calls by. */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch' };

/** `monitoring.DescribeAlarms` (simulator call key: signing name and operation) -> `cloudwatch:DescribeAlarms`. */
function iamPermission(callKey: string): string {
  const [signingName, operation] = callKey.split('.');
  return `${IAM_PREFIX[signingName] ?? signingName}:${operation}`;
}

/** Every call an action made (known by its user agent) that the README's IAM table does not list. */
function undocumentedCalls(): string[] {
  const documented = documentedPermissions();
  const missing = new Set<string>();
  for (const call of env.sim.world.callLog) {
    const action = /action\/([a-z-]+)/.exec(call.userAgent ?? '')?.[1];
    // Assuming the role (sts:AssumeRoleWithWebIdentity) is allowed by the role's trust policy, which
    // the README shows apart; the table lists what the role itself must be allowed.
    if (!action || action === 'credentials') continue;
    const permission = iamPermission(call.key);
    if (!documented.get(action)?.has(permission)) missing.add(`${action} ${permission}`);
  }
  return [...missing].sort();
}

test('without a migration command the migration step is skipped, and an existing image is not rebuilt', async () => {
  const job = new Job({ env: { ...env.env, GITHUB_SHA: 'c0ffee0000000000000000000000000000000001' } });
  const run = await runComposite(job, inputs());

  expect(run.ok).toBe(true);
  expect(run.skipped).toEqual(['migrate', 'canary', 'schedules']);
  expect(run.outputs['skipped-build']).toBe('true');
  expect(run.outputs['migration-exit-code']).toBe('');
  // Same commit, same rendered document: nothing new to register or deploy.
  expect(
    run.steps
      .find((s) => s.id === 'deploy')!
      .lines.map((l) => l.text)
      .join('\n'),
  ).toContain('nothing to deploy');
}, 240_000);

// Issue 8: with role-to-assume and no AWS keys, every step that calls AWS assumes the role itself
// (build-push and render-taskdef failed with "Could not load credentials" before).
test('the whole pipeline runs with only role-to-assume and the job OIDC token', async () => {
  const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _key, AWS_SESSION_TOKEN: _token, ...withoutKeys } = env.env;
  const home = mkdtempSync(join(tmpdir(), 'no-aws-home-'));
  const job = new Job({ env: { ...withoutKeys, ...oidcEnv(env.sim), HOME: home, GITHUB_SHA: 'c0ffee0000000000000000000000000000000009' } });
  const run = await runComposite(job, inputs({ 'role-to-assume': 'arn:aws:iam::123456789012:role/ship' }));

  expect({ ok: run.ok, failed: run.steps.filter((s) => s.status !== 'ok').map((s) => [s.name, s.errors]) }).toEqual({
    ok: true,
    failed: [],
  });
  const assumed = run.steps.filter((s) => s.lines.some((l) => l.text.startsWith('Assumed role arn:aws:iam::123456789012:role/ship')));
  expect(assumed.map((s) => s.id)).toEqual(['login', 'build', 'render', 'deploy']);
}, 240_000);

test('with canary-mode alb, the deployed version gets the traffic step by step after the deploy', async () => {
  const alb = await seedCanaryAlb(env.sim);
  const job = new Job({ env: { ...env.env, GITHUB_SHA: 'c0ffee0000000000000000000000000000000001' } });
  const run = await runComposite(
    job,
    inputs({
      'canary-mode': 'alb',
      'canary-listener-arn': alb.listenerArn,
      'canary-stable-target-group': `${alb.name}-api`,
      'canary-target-group': `${alb.name}-api-beta`,
      'canary-steps': '50,100',
      'canary-bake-time': '200ms',
      'canary-alarms': alb.alarms.join('\n'),
    }),
  );

  expect({ ok: run.ok, failed: run.steps.filter((s) => s.status !== 'ok').map((s) => [s.name, s.errors]) }).toEqual({
    ok: true,
    failed: [],
  });
  const names = run.steps.map((s) => s.name);
  expect(names.indexOf('route-canary (canary)')).toBe(names.indexOf('deploy-service (deploy)') + 1);
  expect(run.outputs['canary-final']).toBe('canary 100%, stable 0%');
  expect(run.outputs['canary-rolled-back']).toBe('false');
  // Its ELBv2 and CloudWatch calls are in the README's IAM table, by their IAM names.
  expect(undocumentedCalls()).toEqual([]);
}, 240_000);
