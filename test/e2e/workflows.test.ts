import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ACCOUNT, createAccount, describeServices, family } from '../../scripts/lib/account.js';
import { startEnvironment, type Environment } from '../../scripts/lib/environment.js';
import { setScenario } from '../aws-sim/services/ecs/scenarios.js';
import { buildBaseImage } from '../fixtures/base-image.js';
import { startGitHubSim, type GitHubSim } from '../github-sim/server.js';
import { commitFiles, createFixtureRepo, type RunEvent, type RunResult } from '../workflow-runner/index.js';
import {
  BUILD_ROLE,
  DEPLOY_ROLE,
  dockerStandIn,
  manualWorkflow,
  runServiceWorkflow,
  SERVICE_REPO,
  serviceFiles,
  serviceWorkflow,
  trustPolicies,
  scriptMigration,
} from './workflows-setup.js';

/**
 * The reusable workflows and the starter templates, run by the local workflow runner as GitHub
 * would run them (test/workflow-runner), against the AWS simulator, the real registry and the
 * GitHub REST stand-in: a service repository's short workflow deploys an API and a worker with a
 * migration; the manual template deploys an older commit with its own image, refuses a commit
 * that is not on the default branch before any AWS call, and rolls back; the test stage blocks a
 * deploy. The toolkit is this working tree (its built bundles) for every ref.
 */

let env: Environment;
let github: GitHubSim;
let ecs: Awaited<ReturnType<typeof createAccount>>['clients']['ecs'];
let account: string;
let docker: { bin: string; log: string };
let service: { dir: string; sha: string };

beforeAll(async () => {
  env = await startEnvironment();
  ecs = (await createAccount(env)).clients.ecs;
  account = env.sim.world.accountId;
  await buildBaseImage({ env: { ...process.env, ...env.env } });
  docker = dockerStandIn();
  service = createFixtureRepo({
    files: {
      ...serviceFiles(),
      '.github/workflows/deploy.yml': serviceWorkflow({ account }),
      '.github/workflows/manual.yml': manualWorkflow(account),
    },
  });
  github = await startGitHubSim({ aws: env.sim, repos: { [SERVICE_REPO]: { git: service.dir } } });
  scriptMigration(env.sim.world);
}, 240_000);

afterAll(async () => {
  await github?.stop();
  await env?.stop();
});

function run(workflow: string, event: RunEvent): Promise<RunResult> {
  return runServiceWorkflow({
    env,
    github,
    service,
    docker,
    workflow,
    event,
    environments: { production: { approve: true } },
    trust: trustPolicies(account),
  });
}

/** Every mutating AWS call (anything not Describe/List/Get) made so far, by operation. */
function mutatingCalls(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(env.sim.world.callCounts()).filter(([operation]) => !/\.(Describe|List|Get|BatchGet|BatchCheck)/.test(operation)),
  );
}

const failures = (result: RunResult) =>
  result.jobs
    .filter((j) => j.result === 'failure')
    .map((j) => [j.path, j.reason, ...j.annotations, ...j.steps.filter((s) => s.conclusion === 'failure').map((s) => s.log.slice(-600))]);

/** Roles assumed by each job (matrix legs, not their aggregate). */
const assumed = (result: RunResult) =>
  result.jobs
    .filter((j) => !j.legs)
    .flatMap((j) => j.records.filter((r) => r.kind === 'assume-role').map((r) => [j.path, r.detail.roleArn, r.detail.refused ?? 'ok']));

let firstImage = '';

test('the service workflow of about fifteen lines deploys the api and the worker from one image after its migration', async () => {
  const result = await run('.github/workflows/deploy.yml', { name: 'push' });
  expect(failures(result)).toEqual([]);
  expect(result.conclusion).toBe('success');

  const call = result.job('deploy');
  firstImage = call.outputs['image-uri'];
  expect(firstImage).toMatch(new RegExp(`^${env.registry.host}/shop@sha256:[0-9a-f]{64}$`));
  expect(call.outputs.sha).toBe(service.sha);
  expect(result.job('deploy / migrate').result).toBe('success');
  expect(result.job('deploy / test').result).toBe('skipped');

  // The build role only in the build job; the deploy role only in the environment's jobs.
  expect(assumed(result)).toEqual([
    ['deploy / build', BUILD_ROLE(account), 'ok'],
    ['deploy / migrate', DEPLOY_ROLE(account), 'ok'],
    ['deploy / deploy (api)', DEPLOY_ROLE(account), 'ok'],
    ['deploy / deploy (worker)', DEPLOY_ROLE(account), 'ok'],
  ]);

  // Migrations one at a time per environment; job timeouts follow `timeout` (30m) and `migration-timeout` (30m).
  expect(result.job('deploy / migrate').concurrency).toEqual({ group: 'ecs-ship-migrate-acme/shop-production', cancelInProgress: false });
  expect([result.job('deploy / migrate').timeoutMinutes, result.job('deploy / deploy (api)').timeoutMinutes]).toEqual([40, 40]);
  // Every job checks out the one resolved commit, without persisting the token.
  const checkouts = result.jobs.filter((j) => !j.legs).flatMap((j) => j.records.filter((r) => r.kind === 'checkout').map((r) => r.detail));
  expect(checkouts.length).toBe(4);
  for (const detail of checkouts) expect(detail).toMatchObject({ persistCredentials: false, sha: service.sha });

  const services = JSON.parse(call.outputs.services);
  expect(Object.keys(services).sort()).toEqual(['api', 'worker']);
  expect(services.api).toMatchObject({
    result: 'succeeded',
    taskDefinitionArn: expect.stringMatching(/shop-api:\d+$/),
    previousTaskDefinitionArn: expect.stringMatching(/shop-api:1$/),
  });
  const running = await describeServices(ecs);
  for (const name of ACCOUNT.services) {
    expect(running.find((s) => s.service === name)).toMatchObject({ rolloutState: 'COMPLETED', images: [firstImage] });
  }

  // One GitHub Deployment per service, in progress then successful, with the environment URL.
  const deployments = github.state.deployments.filter((d) => d.sha === service.sha);
  expect(deployments.map((d) => [d.task, d.environment]).sort()).toEqual([
    ['deploy:api', 'production'],
    ['deploy:worker', 'production'],
  ]);
  for (const d of deployments) {
    expect(github.state.statuses.get(d.id)!.map((s) => [s.state, s.environment_url])).toEqual([
      ['in_progress', 'https://shop.example.com'],
      ['success', 'https://shop.example.com'],
    ]);
  }
}, 600_000);

test('the manual template deploys an older commit of the default branch with its own image, migration included', async () => {
  const older = service.sha;
  const newer = commitFiles(service.dir, { 'www/index.html': '<p>newer</p>\n' }, 'a newer page');
  const pushed = await run('.github/workflows/deploy.yml', { name: 'push', sha: newer });
  expect(failures(pushed)).toEqual([]);
  expect(pushed.job('deploy').outputs['image-uri']).not.toBe(firstImage);

  const manual = await run('.github/workflows/manual.yml', { name: 'workflow_dispatch', inputs: { sha: older } });
  expect(failures(manual)).toEqual([]);
  expect(manual.job('deploy').outputs).toMatchObject({ sha: older, 'image-uri': firstImage, 'skipped-build': 'true' });
  expect(manual.job('deploy / migrate').result).toBe('success');
  const running = await describeServices(ecs);
  for (const name of ACCOUNT.services) expect(running.find((s) => s.service === name)!.images).toEqual([firstImage]);
}, 600_000);

test('the manual template refuses a commit that is not on the default branch before any AWS call', async () => {
  const unmerged = commitFiles(service.dir, { 'www/index.html': '<p>not reviewed</p>\n' }, 'unmerged work', 'feature');
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: service.dir });
  const before = mutatingCalls();
  const calls = JSON.stringify(env.sim.world.callCounts());

  for (const sha of [unmerged, 'feature', unmerged.slice(0, 12)]) {
    const result = await run('.github/workflows/manual.yml', { name: 'workflow_dispatch', inputs: { sha } });
    expect(result.conclusion).toBe('failure');
    const check = result.job('deploy / check');
    const log = check.steps.map((step) => step.log).join('');
    expect([check.result, check.reason, check.annotations.join('\n'), log]).toEqual([
      'failure',
      undefined,
      expect.stringContaining(`Input "ref" is "${sha}": expected`),
      expect.any(String),
    ]);
    for (const job of ['build', 'test', 'migrate', 'deploy']) expect(result.job(`deploy / ${job}`).result).toBe('skipped');
    expect(assumed(result)).toEqual([]);
  }
  expect(mutatingCalls()).toEqual(before);
  expect(JSON.stringify(env.sim.world.callCounts())).toBe(calls);
}, 300_000);

test('the manual template rolls a service back to a known revision', async () => {
  const result = await run('.github/workflows/manual.yml', {
    name: 'workflow_dispatch',
    inputs: { 'rollback-service': 'api', 'rollback-to': `${family('api')}:1` },
  });
  expect(failures(result)).toEqual([]);
  expect(result.job('deploy').result).toBe('skipped');
  expect(result.job('rollback').outputs['task-definition-arn']).toMatch(/task-definition\/shop-api:1$/);
  const api = (await describeServices(ecs)).find((s) => s.service === 'api')!;
  expect(api).toMatchObject({ taskDefinition: 'shop-api:1', rolloutState: 'COMPLETED' });
  expect(assumed(result)).toEqual([]); // deploy-service assumes the deploy role itself, through the job's OIDC token
}, 300_000);

test('the test stage runs the tests in the built image, split across the matrix, and a failure blocks the deploy', async () => {
  const withTests = (command: string) => serviceWorkflow({ account, extra: `      test-command: ${command}\n      test-parallelism: 2\n` });
  const passing = commitFiles(
    service.dir,
    { '.github/workflows/deploy.yml': withTests('echo "shard $TEST_INDEX of $TEST_TOTAL"') },
    'tests that pass',
  );
  const ok = await run('.github/workflows/deploy.yml', { name: 'push', sha: passing });
  expect(failures(ok)).toEqual([]);
  expect(['deploy / test (0)', 'deploy / test (1)'].map((path) => ok.job(path).result)).toEqual(['success', 'success']);
  expect(ok.log).toContain('shard 0 of 2');
  expect(ok.log).toContain('shard 1 of 2');
  expect(readFileSync(docker.log, 'utf8')).toContain(
    `docker run --rm --network host -e TEST_INDEX -e TEST_TOTAL ${ok.job('deploy').outputs['image-uri']} sh -c`,
  );

  const failing = commitFiles(
    service.dir,
    { '.github/workflows/deploy.yml': withTests('exit 3'), 'www/index.html': '<p>broken</p>\n' },
    'tests that fail',
  );
  const before = mutatingCalls();
  const blocked = await run('.github/workflows/deploy.yml', { name: 'push', sha: failing });
  expect(blocked.conclusion).toBe('failure');
  expect(blocked.job('deploy / test').result).toBe('failure');
  expect(blocked.job('deploy / migrate').result).toBe('skipped');
  expect(blocked.job('deploy / deploy').result).toBe('skipped');
  const after = mutatingCalls();
  for (const operation of ['ecs.RunTask', 'ecs.UpdateService', 'ecs.RegisterTaskDefinition'])
    expect([operation, after[operation]]).toEqual([operation, before[operation]]);
}, 600_000);

test('the manual template deploys an image that already exists without building, and refuses one that does not', async () => {
  const before = mutatingCalls();
  const result = await run('.github/workflows/manual.yml', { name: 'workflow_dispatch', inputs: { image: firstImage } });
  expect(failures(result)).toEqual([]);
  expect(result.job('deploy').outputs).toMatchObject({ 'image-uri': firstImage, 'skipped-build': 'true' });
  expect(
    result
      .job('deploy / build')
      .steps.filter((s) => s.conclusion === 'success')
      .map((s) => s.uses),
  ).not.toContain('$/actions/build-push');
  for (const name of ACCOUNT.services) expect((await describeServices(ecs)).find((s) => s.service === name)!.images).toEqual([firstImage]);
  expect(mutatingCalls()['ecr.PutImage'] ?? 0).toBe(before['ecr.PutImage'] ?? 0);

  const missing = firstImage.replace(/@sha256:[0-9a-f]{64}$/, `@sha256:${'0'.repeat(64)}`);
  const untouched = mutatingCalls();
  const refused = await run('.github/workflows/manual.yml', { name: 'workflow_dispatch', inputs: { image: missing } });
  expect(refused.conclusion).toBe('failure');
  expect(refused.job('deploy / build').annotations.join('\n')).toContain(`Input "image" is "${missing}": expected an image that exists in`);
  for (const job of ['migrate', 'deploy']) expect(refused.job(`deploy / ${job}`).result).toBe('skipped');
  const after = mutatingCalls();
  for (const operation of ['ecs.RunTask', 'ecs.UpdateService', 'ecs.RegisterTaskDefinition'])
    expect([operation, after[operation]]).toEqual([operation, untouched[operation]]);
}, 600_000);

test('a service that fails its deploy is put back with rollback-on-failure, and the run reports it', async () => {
  const workerBefore = (await describeServices(ecs)).find((s) => s.service === 'worker')!;
  // Every new worker task crashes; the image it runs now stays healthy (a later scenario wins).
  setScenario(env.sim.world, {
    family: family('worker'),
    outcome: 'exit',
    exitCode: 1,
    afterMs: 30,
    logIntervalMs: 5,
    logs: ['worker: cannot reach the queue'],
  });
  setScenario(env.sim.world, { family: family('worker'), image: workerBefore.images[0], outcome: 'healthy' });
  const sha = commitFiles(
    service.dir,
    {
      '.github/workflows/deploy.yml': serviceWorkflow({ account, extra: '      rollback-on-failure: true\n      timeout: 2m\n' }),
      'www/index.html': '<p>crashes the worker</p>\n',
    },
    'a worker that crashes',
  );
  const result = await run('.github/workflows/deploy.yml', { name: 'push', sha });
  expect(result.conclusion).toBe('failure');
  expect([result.job('deploy / deploy (api)').result, result.job('deploy / deploy (worker)').result]).toEqual(['success', 'failure']);
  expect(result.job('deploy / deploy (worker)').timeoutMinutes).toBe(12);

  // The report job still runs and gives each service's result, with the revision to return to.
  const services = JSON.parse(result.job('deploy').outputs.services);
  expect(services.api.result).toBe('succeeded');
  expect(services.worker).toMatchObject({
    result: 'failed',
    previousTaskDefinitionArn: expect.stringMatching(new RegExp(`task-definition/${workerBefore.taskDefinition}$`)),
  });
  expect((await describeServices(ecs)).find((s) => s.service === 'worker')).toMatchObject({
    taskDefinition: workerBefore.taskDefinition,
    images: workerBefore.images,
  });

  const worker = github.state.deployments.find((d) => d.sha === sha && d.task === 'deploy:worker')!;
  expect(github.state.statuses.get(worker.id)!.map((s) => s.state)).toEqual(['in_progress', 'failure']);
}, 600_000);
