import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { RegistryClient } from '../registry/client.js';
import { startRegistry, type Registry } from '../registry/registry.js';
import { importBaseImage, startDockerEngine, type DockerEngine } from './engines/docker-engine.js';
import { containersStorage } from './engines/podman.js';
import { runAction, type ActionRun } from './run-action.js';

/**
 * build-push as the runner runs it with a real Docker engine (Debian's dockerd, no buildx: the
 * engine's own BuildKit) and with podman, against the real registry behind the ECR simulator,
 * logged in through the job-private Docker config ecr-login writes. Each engine builds the example
 * service, pushes it, reports the digest the registry holds, skips a rebuild of the same commit,
 * rebuilds an image planted under the commit's tag, and builds the same commit twice from cold.
 * buildah is covered the same way in build-push.test.ts.
 */

let registry: Registry;
let client: RegistryClient;
let sim: Simulator;
let work: string;
let context: string;
let engine: DockerEngine | undefined;
let engineDir = '';
const authEnv: Record<string, Record<string, string>> = {};

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'service');
const SHA1 = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const SHA2 = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
const SHA3 = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';
const WORKFLOW_REF = 'acme/shop/.github/workflows/deploy.yml@refs/heads/main';
const BUILT_BY = 'acme/shop production';
const event = (sha: string) => ({ head_commit: { id: sha, timestamp: '2024-05-01T10:00:00Z' } });

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient(registry);
  sim = await startSimulator({ registry });
  work = mkdtempSync(join(tmpdir(), 'build-push-engines-'));
  context = join(work, 'service');
  cpSync(FIXTURE, context, { recursive: true });
  // ecr-login as a workflow runs it: creates each engine's repository and writes the job-private Docker config.
  for (const repository of ['shop-docker', 'shop-podman']) {
    const login = await runAction('ecr-login', {
      inputs: { 'create-repository': true, repository },
      env: { ...simulatorEnv(sim), HOME: join(work, 'home') },
      runnerTemp: mkdtempSync(join(work, 'runner-')),
    });
    expect([login.code, login.errors]).toEqual([0, []]);
    authEnv[repository] = { DOCKER_CONFIG: login.exportedEnv.DOCKER_CONFIG, REGISTRY_AUTH_FILE: login.exportedEnv.REGISTRY_AUTH_FILE };
  }
}, 120_000);

afterAll(async () => {
  // Everything started here is stopped here, whatever failed.
  await engine?.stop().catch((error) => console.error(error));
  await sim?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

interface EngineSetup {
  repository: string;
  inputs: Record<string, string>;
  env(): Record<string, string>;
  /** Leaves the engine with no image and no build cache ("a fresh runner"). */
  coldStart(): Promise<void>;
}

function buildPush(setup: EngineSetup, o: { sha: string; inputs?: Record<string, string | boolean> }): Promise<ActionRun> {
  return runAction('build-push', {
    inputs: { repository: setup.repository, context, ...setup.inputs, ...o.inputs },
    env: {
      ...simulatorEnv(sim),
      ...setup.env(),
      ...authEnv[setup.repository],
      GITHUB_SHA: o.sha,
      GITHUB_WORKSPACE: work,
      GITHUB_WORKFLOW_REF: WORKFLOW_REF,
    },
    event: event(o.sha),
    runnerTemp: mkdtempSync(join(work, 'runner-')),
    timeoutMs: 300_000,
  });
}

async function imageOf(repository: string, tag: string) {
  const manifest = await client.getManifest(repository, tag);
  if (!manifest) throw new Error(`${repository}:${tag} is not in the registry`);
  const config = JSON.parse((await client.getBlob(repository, JSON.parse(manifest.body).config.digest)).toString());
  return { digest: manifest.digest, labels: config.config.Labels as Record<string, string>, created: config.created as string };
}

const docker: EngineSetup = {
  repository: 'shop-docker',
  // The engine has no bridge network: RUN steps get none.
  inputs: { builder: 'docker', network: 'none' },
  env: () => engine!.env,
  async coldStart() {
    const listed = (await engine!.docker('images', '--format', '{{.ID}} {{.Repository}}')).split('\n');
    const ids = [...new Set(listed.filter((line) => line.endsWith('/shop-docker')).map((line) => line.split(' ')[0]))];
    if (ids.length) await engine!.docker('rmi', '--force', ...ids);
    await engine!.docker('builder', 'prune', '--all', '--force');
  },
};

let podmanEnv: Record<string, string> = {};
const podman: EngineSetup = {
  repository: 'shop-podman',
  inputs: { builder: 'podman' },
  env: () => podmanEnv,
  async coldStart() {
    podmanEnv = await containersStorage(mkdtempSync(join(work, 'podman-')));
  },
};

describe.each([
  ['docker (real engine, no buildx)', docker, { reproducible: false }],
  ['podman', podman, { reproducible: true }],
])('%s', (_name, setup, expected) => {
  let first: { digest: string };

  beforeAll(async () => {
    if (setup === docker) {
      engine = await startDockerEngine({ registry });
      engineDir = engine.dir;
      await importBaseImage(engine);
    } else {
      await setup.coldStart();
    }
  }, 120_000);

  afterAll(async () => {
    if (setup === docker) {
      await engine?.stop();
      engine = undefined;
    }
  }, 60_000);

  test('builds the example service and pushes it through the job-private login; the digest is the one the registry holds', async () => {
    const run = await buildPush(setup, { sha: SHA1 });
    expect([run.code, run.errors]).toEqual([0, []]);
    const stored = await imageOf(setup.repository, SHA1);
    expect(run.outputs).toMatchObject({
      digest: stored.digest,
      'image-uri': `${registry.host}/${setup.repository}@${stored.digest}`,
      skipped: 'false',
    });
    expect(stored.labels).toMatchObject({
      'org.opencontainers.image.revision': SHA1,
      'dev.ecs-ship.built-by': BUILT_BY,
      'dev.ecs-ship.workflow': '.github/workflows/deploy.yml',
    });
    if (setup === docker) {
      expect(run.output).toContain(
        "docker: buildx is not installed; building with the engine's own BuildKit (docker build, then docker push).",
      );
      expect(run.summary).toContain('built with docker (engine BuildKit, no buildx) and pushed');
    } else {
      expect(run.summary).toContain('built with podman and pushed');
    }
    first = stored;
  }, 300_000);

  test('the same commit again: nothing is built, the same digest is returned', async () => {
    const run = await buildPush(setup, { sha: SHA1 });
    expect([run.code, run.errors]).toEqual([0, []]);
    expect(run.outputs).toMatchObject({ digest: first.digest, skipped: 'true' });
    expect(run.output).toContain(`and its labels name this commit and "${BUILT_BY}": not building.`);
  }, 120_000);

  test('an image planted under the commit tag (another revision) is rebuilt, not reused', async () => {
    // A build of another commit pushed under SHA2's tag, as anything with push rights could.
    const plant = await buildPush(setup, { sha: SHA3, inputs: { tags: SHA2 } });
    expect([plant.code, plant.errors]).toEqual([0, []]);
    const planted = plant.outputs.digest;

    const run = await buildPush(setup, { sha: SHA2 });
    expect([run.code, run.errors]).toEqual([0, []]);
    expect(run.output).toContain(
      `${registry.host}/${setup.repository}:${SHA2} exists (${planted}) but is not reused: its revision label is "${SHA3}", not the commit being built (${SHA2}). Building it again.`,
    );
    expect(run.outputs.skipped).toBe('false');
    const now = await imageOf(setup.repository, SHA2);
    expect(now.digest).toBe(run.outputs.digest);
    expect(now.digest).not.toBe(planted);
    expect(now.labels['org.opencontainers.image.revision']).toBe(SHA2);
  }, 300_000);

  test(`two cold builds of one commit: ${expected.reproducible ? 'the same digest' : 'different digests (the engine ignores SOURCE_DATE_EPOCH)'}`, async () => {
    await setup.coldStart();
    const run = await buildPush(setup, { sha: SHA1, inputs: { tags: 'cold-rebuild', 'skip-if-exists': false, cache: false } });
    expect([run.code, run.errors]).toEqual([0, []]);
    const again = await imageOf(setup.repository, 'cold-rebuild');
    expect(again.labels['org.opencontainers.image.created']).toBe('2024-05-01T10:00:00.000Z');
    if (expected.reproducible) {
      expect(again.digest).toBe(first.digest);
      expect(again.created).toBe('2024-05-01T10:00:00Z');
    } else {
      // dockerd 20.10's BuildKit (0.8) writes the build time; BuildKit 0.11+ (buildx) honours the epoch.
      expect(again.digest).not.toBe(first.digest);
    }
  }, 300_000);
});

test('the Docker engine was stopped and its files removed', () => {
  expect(engine).toBeUndefined();
  expect(engineDir).toMatch(/^\/tmp\/dockerd-/);
  expect(existsSync(engineDir)).toBe(false);
  // No process (dockerd, its containerd) still names the engine's folder on its command line.
  const alive = readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(engineDir);
      } catch {
        return false;
      }
    });
  expect(alive).toEqual([]);
});
