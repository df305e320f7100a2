import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { family } from '../../scripts/lib/account.js';
import { FIXTURE_DIR } from '../../scripts/lib/environment.js';
import { MIGRATION_LOGS } from '../../scripts/lib/pipeline.js';
import { setScenario } from '../aws-sim/services/ecs/scenarios.js';
import type { World } from '../aws-sim/world.js';
import { ROOT } from '../../scripts/lib/job.js';

/**
 * What the workflow e2e tests share: the service repository's files (the example service plus its
 * workflows), the roles and their trust policies as the README writes them, and a `docker`
 * stand-in for the test stage (this machine has no Docker engine).
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
