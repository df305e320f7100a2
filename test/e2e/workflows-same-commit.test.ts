import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ACCOUNT, createAccount, describeServices, family } from '../../scripts/lib/account.js';
import { startEnvironment, type Environment } from '../../scripts/lib/environment.js';
import { ROOT } from '../../scripts/lib/job.js';
import { startGitHubSim, type GitHubSim } from '../github-sim/server.js';
import { commitFiles, createFixtureRepo, runWorkflow, type RunResult } from '../workflow-runner/index.js';
import { DEPLOY_ROLE, SERVICE_REPO, trustPolicies } from './workflows-setup.js';

/**
 * A workflow at commit A runs the actions of commit A. The toolkit is a git repository here with
 * two commits: A (this working tree's workflows, composites and bundles) and B, whose
 * deploy-service bundle only fails, tagged v1. A caller pinned to A's SHA runs A's deploy-service
 * through `$/actions/deploy-service` and rolls back; a caller at v1 runs B's and fails with B's
 * message. The old `ecs-ship/ecs-ship/actions/deploy-service@v1` would have run B in both.
 */

let env: Environment;
let github: GitHubSim;
let toolkit: { dir: string; sha: string };
let commitB: string;
let account: string;
let ecs: Awaited<ReturnType<typeof createAccount>>['clients']['ecs'];

/** What GitHub downloads for `uses:` of the toolkit: its metadata, workflows, composites and bundles. */
function toolkitFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (path: string) => (files[path] = readFileSync(join(ROOT, path), 'utf8'));
  const walk = (dir: string, keep: (path: string) => boolean) => {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name).slice(ROOT.length + 1);
      if (entry.isFile() && keep(path)) add(path);
    }
  };
  add('action.yml');
  walk('.github', () => true);
  walk('actions', (path) => path.endsWith('action.yml') || path.includes('/dist/'));
  return files;
}

const B_MESSAGE = 'deploy-service of commit B';

beforeAll(async () => {
  env = await startEnvironment();
  ecs = (await createAccount(env)).clients.ecs;
  account = env.sim.world.accountId;
  toolkit = createFixtureRepo({ files: toolkitFiles() });
  commitB = commitFiles(
    toolkit.dir,
    { 'actions/deploy-service/dist/index.js': `console.log('::error::${B_MESSAGE}');\nprocess.exit(1);\n` },
    'B',
  );
  execFileSync('git', ['tag', 'v1', commitB], { cwd: toolkit.dir });
  github = await startGitHubSim({ aws: env.sim });
}, 240_000);

afterAll(async () => {
  await github?.stop();
  await env?.stop();
});

function rollbackCaller(ref: string): string {
  return `on: workflow_dispatch
jobs:
  rollback:
    permissions:
      id-token: write
      deployments: write
    uses: ecs-ship/ecs-ship/.github/workflows/rollback.yml@${ref}
    with:
      aws-region: us-east-1
      deploy-role-to-assume: ${DEPLOY_ROLE(account)}
      cluster: ${ACCOUNT.cluster}
      service: api
      task-definition-arn: ${family('api')}:1
      environment: production
`;
}

async function callAt(ref: string): Promise<RunResult> {
  const caller = createFixtureRepo({ files: { '.github/workflows/rollback.yml': rollbackCaller(ref) } });
  github.addRepository(SERVICE_REPO, caller.dir);
  return runWorkflow({
    workflow: '.github/workflows/rollback.yml',
    repository: { name: SERVICE_REPO, source: { git: caller.dir } },
    event: { name: 'workflow_dispatch' },
    repositories: { 'ecs-ship/ecs-ship': { git: toolkit.dir } },
    aws: env.sim,
    github,
    trust: trustPolicies(account),
    env: { ...env.env, AWS_EC2_METADATA_DISABLED: 'true' },
  });
}

const deployStep = (result: RunResult) => result.job('rollback / rollback').steps.find((s) => s.uses === '$/actions/deploy-service')!;

test('a caller pinned to commit A runs the actions of commit A', async () => {
  const result = await callAt(toolkit.sha);
  expect(result.job('rollback / rollback').workflowSha).toBe(toolkit.sha);
  expect([result.conclusion, deployStep(result).conclusion, deployStep(result).log]).toEqual([
    'success',
    'success',
    expect.not.stringContaining(B_MESSAGE),
  ]);
  const api = (await describeServices(ecs)).find((s) => s.service === 'api')!;
  expect(api.taskDefinition).toBe(`${family('api')}:1`);
}, 300_000);

test('a caller at the tag of commit B runs the actions of commit B', async () => {
  const result = await callAt('v1');
  expect(result.job('rollback / rollback').workflowSha).toBe(commitB);
  expect(result.conclusion).toBe('failure');
  expect(deployStep(result).log).toContain(B_MESSAGE);
}, 300_000);
