import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createAccount, family } from '../../scripts/lib/account.js';
import { FIXTURE_DIR, startEnvironment, type Environment } from '../../scripts/lib/environment.js';
import { MIGRATION_LOGS } from '../../scripts/lib/pipeline.js';
import { setScenario } from '../aws-sim/services/ecs/scenarios.js';
import type { World } from '../aws-sim/world.js';
import { ROOT } from '../../scripts/lib/job.js';
import { buildBaseImage } from '../fixtures/base-image.js';
import { startGitHubSim, type GitHubSim } from '../github-sim/server.js';
import { createFixtureRepo, runWorkflow, type RunEvent, type RunOptions, type RunResult } from '../workflow-runner/index.js';

/**
 * What the workflow e2e tests share: the service repository's files (the example service plus its
 * workflows), the roles and their trust policies as the README writes them, a `docker` stand-in
 * for the test stage (this machine has no Docker engine), and how a workflow of that repository is run.
 */

export const SERVICE_REPO = 'acme/shop';
export const BUILD_ROLE = (account: string) => `arn:aws:iam::${account}:role/shop-build`;
export const DEPLOY_ROLE = (account: string) => `arn:aws:iam::${account}:role/shop-deploy`;

/**
 * The README's trust policies: the build role for main's runs, the deploy role for the production
 * environment only, and both only for jobs of the toolkit's reusable workflows (job_workflow_ref).
 */
const TOOLKIT_WORKFLOWS = 'ecs-ship/ecs-ship/.github/workflows/*.yml@*';
export const trustPolicies = (account: string) => ({
  [BUILD_ROLE(account)]: { sub: `repo:${SERVICE_REPO}:ref:refs/heads/main`, job_workflow_ref: TOOLKIT_WORKFLOWS },
  [DEPLOY_ROLE(account)]: { sub: `repo:${SERVICE_REPO}:environment:production`, job_workflow_ref: TOOLKIT_WORKFLOWS },
});

/** The example service's files (Dockerfile, migrations, www, .aws/task-definition.json). */
export function serviceFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(FIXTURE_DIR, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(FIXTURE_DIR);
  return files;
}

/** The template's own placeholders, besides SERVICE (set by the workflow) and the image. */
const templateVars = (account: string) => `IMAGE=set-by-the-build\n        AWS_REGION=us-east-1\n        ECR_ACCOUNT=${account}`;

/** The service's whole deploy workflow, as the README shows it (region and names of the simulator's account). */
export function serviceWorkflow(o: { account: string; ref?: string; extra?: string }): string {
  return `name: Deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    permissions:
      contents: read
      id-token: write
      deployments: write
    uses: ecs-ship/ecs-ship/.github/workflows/deploy.yml@${o.ref ?? 'v1'}
    with:
      aws-region: us-east-1
      build-role-to-assume: ${BUILD_ROLE(o.account)}
      deploy-role-to-assume: ${DEPLOY_ROLE(o.account)}
      repository: shop
      cluster: shop
      services: '["api", "worker"]'
      migration-command: migrate
      environment: production
      environment-url: https://shop.example.com
      vars: |
        ${templateVars(o.account)}
${o.extra ?? ''}`;
}

/** The manual starter template with the simulator account's values. */
export function manualWorkflow(account: string): string {
  const template = readFileSync(join(ROOT, 'workflows-templates', 'ecs-ship-manual-deploy.yml'), 'utf8');
  return template
    .replaceAll('aws-region: eu-west-1', 'aws-region: us-east-1')
    .replaceAll('arn:aws:iam::123456789012:role/my-service-build', BUILD_ROLE(account))
    .replaceAll('arn:aws:iam::123456789012:role/my-service-deploy', DEPLOY_ROLE(account))
    .replaceAll('repository: my-service', 'repository: shop')
    .replaceAll('cluster: production', 'cluster: shop')
    .replace('migration-command: npm run migrate', `migration-command: migrate\n      vars: |\n        ${templateVars(account)}`);
}

/**
 * A `docker` for the test stage: `pull` succeeds, `run [--rm] [--network N] [-e VAR]... IMAGE CMD...`
 * runs CMD here with the environment it was given, and every call is appended to DOCKER_LOG. Any
 * other command fails, so build-push's `auto` builder picks buildah.
 */
export function dockerStandIn(): { bin: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'docker-stand-in-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'docker.log');
  writeFileSync(log, '');
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh
echo "docker $*" >> "${log}"
case "$1" in
  pull) exit 0 ;;
  run)
    shift
    while [ $# -gt 0 ]; do
      case "$1" in
        --rm) shift ;;
        --network|-e) shift 2 ;;
        *) break ;;
      esac
    done
    shift
    exec "$@"
    ;;
  *) echo "docker stand-in: $1 is not supported" >&2; exit 1 ;;
esac
`,
  );
  chmodSync(join(bin, 'docker'), 0o755);
  return { bin, log };
}

/**
 * The service workflow runs the migration first: the api's definition with another command, which
 * prints its progress and exits 0 (unscripted, its container would run on and the step would wait).
 */
export function scriptMigration(world: World): void {
  setScenario(world, {
    family: family('api'),
    startedBy: 'ecs-ship/run-migration',
    outcome: 'exit',
    exitCode: 0,
    logs: MIGRATION_LOGS,
    logIntervalMs: 20,
  });
}

/**
 * Runs one of the service repository's workflows as GitHub would: this working tree is the toolkit
 * for every ref, the `docker` stand-in is first on PATH and the registry's CA is trusted.
 */
export function runServiceWorkflow(o: {
  env: Environment;
  github: GitHubSim;
  service: { dir: string };
  docker: { bin: string };
  workflow: string;
  event: RunEvent;
  trust: RunOptions['trust'];
  environments?: RunOptions['environments'];
}): Promise<RunResult> {
  return runWorkflow({
    workflow: o.workflow,
    repository: { name: SERVICE_REPO, source: { git: o.service.dir } },
    event: o.event,
    repositories: { 'ecs-ship/ecs-ship': { dir: ROOT } },
    environments: o.environments,
    aws: o.env.sim,
    github: o.github,
    trust: o.trust,
    env: {
      ...o.env.env,
      PATH: `${o.docker.bin}:${process.env.PATH}`,
      AWS_EC2_METADATA_DISABLED: 'true',
      CURL_CA_BUNDLE: o.env.registry.caFile,
    },
  });
}

/** The deploy workflow's test environment (see deployWorkflowEnvironment). */
export interface DeployWorkflowSuite {
  readonly env: Environment;
  /** Pushes to main in a new service repository whose deploy workflow passes `extra` (indented `with:` lines) on, and runs it. */
  pushDeploy(extra: string): Promise<RunResult>;
}

/**
 * A test file's environment for the deploy workflow: started before its tests with the account,
 * the base image and the scripted migration; stopped after them with the GitHub stand-in.
 */
export function deployWorkflowEnvironment(): DeployWorkflowSuite {
  let env: Environment | undefined;
  let github: GitHubSim | undefined;
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
  const suite: DeployWorkflowSuite = {
    get env() {
      if (!env) throw new Error('the environment starts in beforeAll');
      return env;
    },
    async pushDeploy(extra) {
      const account = suite.env.sim.world.accountId;
      const service = createFixtureRepo({
        files: { ...serviceFiles(), '.github/workflows/deploy.yml': serviceWorkflow({ account, extra }) },
      });
      await github?.stop();
      github = await startGitHubSim({ aws: suite.env.sim, repos: { [SERVICE_REPO]: { git: service.dir } } });
      return runServiceWorkflow({
        env: suite.env,
        github,
        service,
        docker: dockerStandIn(),
        workflow: '.github/workflows/deploy.yml',
        event: { name: 'push' },
        environments: { production: { approve: true } },
        trust: trustPolicies(account),
      });
    },
  };
  return suite;
}

/**
 * The preview roles as the README writes their trust: the build role and the preview role for the
 * repository's pull requests (sub repo:<repo>:pull_request) and, for the sweep, its default branch,
 * only for jobs of the toolkit's preview workflows.
 */
export const PREVIEW_BUILD_ROLE = (account: string) => `arn:aws:iam::${account}:role/shop-preview-build`;
export const PREVIEW_ROLE = (account: string) => `arn:aws:iam::${account}:role/shop-preview`;
const PREVIEW_WORKFLOWS = 'ecs-ship/ecs-ship/.github/workflows/*preview*.yml@*';
export const previewTrust = (account: string) => ({
  [PREVIEW_BUILD_ROLE(account)]: { sub: `repo:${SERVICE_REPO}:pull_request`, job_workflow_ref: PREVIEW_WORKFLOWS },
  [PREVIEW_ROLE(account)]: { sub: `repo:${SERVICE_REPO}:*`, job_workflow_ref: PREVIEW_WORKFLOWS },
});

/** A starter template with the simulator account's values (`extra` lines are added under `with:`). */
function fromTemplate(file: string, o: { account: string; listenerArn: string; extra?: string }): string {
  const template = readFileSync(join(ROOT, 'workflows-templates', file), 'utf8');
  return `${template
    .replaceAll('aws-region: eu-west-1', 'aws-region: us-east-1')
    .replaceAll('arn:aws:iam::123456789012:role/my-service-preview-build', PREVIEW_BUILD_ROLE(o.account))
    .replaceAll('arn:aws:iam::123456789012:role/my-service-preview', PREVIEW_ROLE(o.account))
    .replaceAll('repository: my-service-previews', 'repository: shop')
    .replaceAll('cluster: staging', 'cluster: shop')
    .replace(/listener-arn: \S+/, `listener-arn: ${o.listenerArn}`)
    .trimEnd()}\n${o.extra ?? ''}`;
}

/** The pull request template (preview.yml), with the template's placeholders and quick polling. */
export const previewWorkflow = (o: { account: string; listenerArn: string; extra?: string }) =>
  fromTemplate('preview.yml', {
    ...o,
    extra: `      poll-interval: 250ms\n      timeout: 2m\n      vars: |\n        ${templateVars(o.account)}\n${o.extra ?? ''}`,
  });

/** The nightly sweep template (cleanup-previews.yml) with its TTL, and quick polling. */
export const cleanupWorkflow = (o: { account: string; listenerArn: string; ttl: string }) =>
  fromTemplate('cleanup-previews.yml', o).replace('ttl: 168h', `ttl: ${o.ttl}\n      poll-interval: 250ms\n      timeout: 2m`);

/** The pull_request event of PR `number` at commit `head` (of branch `branch`), from this repository or a fork. */
export function pullRequestEvent(o: { action: string; number: number; head: string; branch: string; fork?: string; base?: string }) {
  const headRepo = o.fork ?? SERVICE_REPO;
  return {
    name: 'pull_request' as const,
    payload: {
      action: o.action,
      number: o.number,
      pull_request: {
        number: o.number,
        state: o.action === 'closed' ? 'closed' : 'open',
        head: { sha: o.head, ref: o.branch, repo: { full_name: headRepo, fork: Boolean(o.fork) } },
        base: { ref: 'main', sha: o.base, repo: { full_name: SERVICE_REPO, fork: false } },
      },
    },
  };
}
