import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { pushTestImage, RegistryClient } from '../registry/client.js';
import { startRegistry, type Registry } from '../registry/registry.js';
import { runAction } from './run-action.js';

/**
 * A manual deploy checks out an older commit while GITHUB_SHA stays the commit the run started
 * from (main's head). build-push's default tag is the commit checked out, so it finds the older
 * commit's image, not main's, and deploys what was asked for.
 */

let registry: Registry;
let sim: Simulator;
let work: string;
let authEnv: Record<string, string>;

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'service');
const MAIN_HEAD = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' }).trim();

beforeAll(async () => {
  registry = await startRegistry();
  sim = await startSimulator({ registry });
  work = mkdtempSync(join(tmpdir(), 'workflows-build-tag-'));
  const login = await runAction('ecr-login', {
    inputs: { 'create-repository': true, repository: 'shop' },
    env: { ...simulatorEnv(sim), HOME: join(work, 'home') },
    runnerTemp: mkdtempSync(join(work, 'runner-')),
  });
  expect([login.code, login.errors]).toEqual([0, []]);
  authEnv = { DOCKER_CONFIG: login.exportedEnv.DOCKER_CONFIG, REGISTRY_AUTH_FILE: login.exportedEnv.REGISTRY_AUTH_FILE };
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('without tags, build-push tags (and finds) the commit checked out, not GITHUB_SHA', async () => {
  const workspace = join(work, 'service');
  cpSync(FIXTURE, workspace, { recursive: true });
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'add', '.');
  git(workspace, 'commit', '-q', '-m', 'older commit');
  const older = git(workspace, 'rev-parse', 'HEAD');

  const client = new RegistryClient(registry);
  // Both as this repository's production builds label them, so the one under the right tag may be reused.
  const builtBy = (revision: string) => ({
    'org.opencontainers.image.revision': revision,
    'dev.ecs-ship.built-by': 'acme/shop production',
  });
  const olderImage = await pushTestImage(client, { repository: 'shop', tag: older, content: 'older', labels: builtBy(older) });
  const mainImage = await pushTestImage(client, { repository: 'shop', tag: MAIN_HEAD, content: 'main', labels: builtBy(MAIN_HEAD) });
  expect(olderImage.digest).not.toBe(mainImage.digest);

  const run = await runAction('build-push', {
    inputs: { repository: 'shop', context: '.', builder: 'buildah' },
    env: { ...simulatorEnv(sim), ...authEnv, GITHUB_SHA: MAIN_HEAD },
    cwd: workspace,
    runnerTemp: mkdtempSync(join(work, 'runner-')),
  });
  expect([run.code, run.errors]).toEqual([0, []]);
  expect(run.outputs.skipped).toBe('true');
  expect(run.outputs['image-uri']).toMatch(new RegExp(`/shop@${olderImage.digest}$`));
}, 120_000);
