import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { createAccount } from '../../scripts/lib/account.js';
import { startEnvironment, type Environment } from '../../scripts/lib/environment.js';
import { ROOT } from '../../scripts/lib/job.js';
import { simulatorClientConfig } from '../aws-sim/server.js';
import { buildBaseImage } from '../fixtures/base-image.js';
import { startGitHubSim, type GitHubSim } from '../github-sim/server.js';
import { createFixtureRepo, runWorkflow } from '../workflow-runner/index.js';
import { dockerStandIn, scriptMigration, SERVICE_REPO, serviceFiles, serviceWorkflow, trustPolicies } from './workflows-setup.js';

/**
 * The reusable deploy workflow passes `schedules` on: after a service's deploy succeeds, its
 * scheduled jobs (the example service's .aws/schedules.yml) are synced, running the revision that
 * leg deployed; a service without a schedules file has no sync step.
 */

let env: Environment;
let github: GitHubSim;

beforeAll(async () => {
  env = await startEnvironment();
  await createAccount(env);
  await buildBaseImage({ env: { ...process.env, ...env.env } });
  scriptMigration(env.sim.world);
}, 240_000);

afterAll(async () => {
  await github?.stop();
  await env?.stop();
});

test("the deploy workflow syncs the api's scheduled jobs after its deploy, and skips the worker that has none", async () => {
  const account = env.sim.world.accountId;
  const docker = dockerStandIn();
  const service = createFixtureRepo({
    files: {
      ...serviceFiles(),
      '.github/workflows/deploy.yml': serviceWorkflow({ account, extra: `      schedules: '{"api": ".aws/schedules.yml"}'\n` }),
    },
  });
  github = await startGitHubSim({ aws: env.sim, repos: { [SERVICE_REPO]: { git: service.dir } } });
  const result = await runWorkflow({
    workflow: '.github/workflows/deploy.yml',
    repository: { name: SERVICE_REPO, source: { git: service.dir } },
    event: { name: 'push' },
    repositories: { 'ecs-ship/ecs-ship': { dir: ROOT } },
    environments: { production: { approve: true } },
    aws: env.sim,
    github,
    trust: trustPolicies(account),
    env: { ...env.env, PATH: `${docker.bin}:${process.env.PATH}`, AWS_EC2_METADATA_DISABLED: 'true', CURL_CA_BUNDLE: env.registry.caFile },
  });
  expect(result.jobs.filter((j) => j.result === 'failure').map((j) => [j.path, j.reason, ...j.annotations])).toEqual([]);
  expect(result.conclusion).toBe('success');

  const sync = (leg: string) => result.job(`deploy / deploy (${leg})`).steps.find((s) => s.uses?.includes('sync-schedules'));
  expect(sync('api')?.conclusion).toBe('success');
  expect(sync('api')?.log).toMatch(/Schedules in group shop-api, targeting shop-api:\d+:/);
  expect(sync('worker')?.conclusion ?? 'skipped').toBe('skipped');

  const deployed = JSON.parse(result.job('deploy').outputs.services).api.taskDefinitionArn;
  const scheduler = new SchedulerClient(simulatorClientConfig(env.sim));
  const nightly = await scheduler.send(new GetScheduleCommand({ GroupName: 'shop-api', Name: 'nightly-report' }));
  expect(nightly).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', ScheduleExpressionTimezone: 'Europe/Berlin' });
  expect(nightly.Target?.EcsParameters?.TaskDefinitionArn).toBe(deployed);
}, 300_000);
