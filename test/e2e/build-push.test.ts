import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { buildBaseImage } from '../fixtures/base-image.js';
import { RegistryClient } from '../registry/client.js';
import { startRegistry, type Registry } from '../registry/registry.js';
import { runAction, type ActionRun } from './run-action.js';

/**
 * build-push as the runner runs it, with buildah against the real registry behind the ECR
 * simulator. One registry, one buildah storage and one base image for the whole file: real builds
 * are slow with the vfs driver, so the tests run in order and build on each other's cache.
 */

let registry: Registry;
let client: RegistryClient;
let sim: Simulator;
let work: string;
let context: string;
let builderEnv: Record<string, string>;
let authEnv: Record<string, string>;

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'service');
const SHA1 = '1111111111111111111111111111111111111111';
const SHA2 = '2222222222222222222222222222222222222222';
const SHA3 = '3333333333333333333333333333333333333333';
const SHA4 = '4444444444444444444444444444444444444444';
const SECRET = 'tok-Zq8v1N7pW2xR5cKmSECRET';
const event = (sha: string) => ({ head_commit: { id: sha, timestamp: `2024-05-0${sha[0]}T10:00:00Z` } });

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient(registry);
  sim = await startSimulator({ registry });
  work = mkdtempSync(join(tmpdir(), 'build-push-e2e-'));
  // A storage of its own (fresh like a new runner's), with the settings a CI runner in a container sets.
  const storageConf = join(work, 'storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${work}/storage"\nrunroot = "${work}/run"\n`);
  builderEnv = { CONTAINERS_STORAGE_CONF: storageConf, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' };
  await buildBaseImage({ env: { ...process.env, ...builderEnv } });
  context = join(work, 'service');
  cpSync(FIXTURE, context, { recursive: true });

  // ecr-login as a workflow runs it: creates the repositories and writes the Docker config.
  const home = join(work, 'home');
  for (const [repository, mutability] of [
    ['shop', 'mutable'],
    ['shop-pinned', 'immutable'],
  ]) {
    const login = await runAction('ecr-login', {
      inputs: { 'create-repository': true, repository, 'image-tag-mutability': mutability },
      env: { ...simulatorEnv(sim), HOME: home },
      runnerTemp: mkdtempSync(join(work, 'runner-')),
    });
    expect([login.code, login.errors]).toEqual([0, []]);
    authEnv = { DOCKER_CONFIG: login.exportedEnv.DOCKER_CONFIG, REGISTRY_AUTH_FILE: login.exportedEnv.REGISTRY_AUTH_FILE };
  }
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function buildPush(o: { sha: string; inputs?: Record<string, string | boolean> }): Promise<ActionRun> {
  return runAction('build-push', {
    inputs: { repository: 'shop', context, builder: 'buildah', ...o.inputs },
    env: { ...simulatorEnv(sim), ...builderEnv, ...authEnv, ...trustEnv(), GITHUB_SHA: o.sha, GITHUB_WORKSPACE: work },
    event: event(o.sha),
    runnerTemp: mkdtempSync(join(work, 'runner-')),
    timeoutMs: 300_000,
  });
}

/** The workflow the built-by label names. */
const trustEnv = () => ({ GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main' });

async function manifestOf(repository: string, reference: string) {
  const manifest = await client.getManifest(repository, reference);
  if (!manifest) throw new Error(`${repository}:${reference} is not in the registry`);
  const body = JSON.parse(manifest.body) as { config: { digest: string }; layers: Array<{ digest: string }> };
  return { digest: manifest.digest, config: body.config.digest, layers: body.layers.map((l) => l.digest) };
}

/** Lines a person would see in the log (the runner consumes ::add-mask:: commands). */
const visibleLog = (run: ActionRun) =>
  run.output
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

let first: { digest: string; layers: string[] };

test('a real build pushed to the registry returns the digest the registry holds, with OCI labels', async () => {
  const run = await buildPush({ sha: SHA1, inputs: { 'tag-branch': true } });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const stored = await manifestOf('shop', SHA1);
  expect(run.outputs).toEqual({
    image: `${registry.host}/shop:${SHA1}`,
    digest: stored.digest,
    'image-uri': `${registry.host}/shop@${stored.digest}`,
    tags: `${SHA1},main`,
    skipped: 'false',
  });
  expect((await client.headManifest('shop', 'main'))?.digest).toBe(stored.digest);
  const config = JSON.parse((await client.getBlob('shop', stored.config)).toString());
  expect(config.config.Labels).toMatchObject({
    'org.opencontainers.image.source': 'https://github.com/acme/shop',
    'org.opencontainers.image.revision': SHA1,
    'org.opencontainers.image.created': '2024-05-01T10:00:00.000Z',
  });
  expect(run.summary).toContain(stored.digest);
  expect(run.summary).toContain('built with buildah and pushed');
  first = stored;
}, 300_000);

test('a second run for the same commit builds nothing and returns the same digest', async () => {
  sim.world.calls.clear();
  const run = await buildPush({ sha: SHA1, inputs: { 'tag-branch': true, 'tag-latest': true } });
  expect([run.code, run.errors]).toEqual([0, []]);
  expect(run.outputs).toMatchObject({ digest: first.digest, skipped: 'true', tags: `${SHA1},main,latest` });
  expect(run.output).not.toMatch(/^STEP \d/m);
  // The new tag was added through the ECR API, not by a push.
  expect((await client.headManifest('shop', 'latest'))?.digest).toBe(first.digest);
  expect(sim.world.callCounts()).toMatchObject({ 'ecr.PutImage': 1 });
  expect(run.summary).toContain('image already exists');
}, 120_000);

test('two cold builds of one commit give the same digest (SOURCE_DATE_EPOCH from the commit)', async () => {
  // A fresh runner: empty storage, no registry cache read.
  const storageConf = join(work, 'cold-storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${work}/cold"\nrunroot = "${work}/cold-run"\n`);
  const coldEnv = { ...builderEnv, CONTAINERS_STORAGE_CONF: storageConf };
  await buildBaseImage({ env: { ...process.env, ...coldEnv } });
  const run = await runAction('build-push', {
    inputs: {
      repository: 'shop',
      context,
      builder: 'buildah',
      tags: 'cold-rebuild',
      'tag-branch': true,
      cache: false,
      'skip-if-exists': false,
    },
    env: { ...simulatorEnv(sim), ...coldEnv, ...authEnv, ...trustEnv(), GITHUB_SHA: SHA1, GITHUB_WORKSPACE: work },
    event: event(SHA1),
    runnerTemp: mkdtempSync(join(work, 'runner-')),
    timeoutMs: 300_000,
  });
  expect([run.code, run.errors]).toEqual([0, []]);
  expect(run.outputs.digest).toBe(first.digest);
  rmSync(join(work, 'cold'), { recursive: true, force: true });
}, 300_000);

test('a change to one file rebuilds only the last layer; earlier steps come from the cache', async () => {
  writeFileSync(join(context, 'www', 'index.html'), '<h1>shop v2</h1>\n');
  const run = await buildPush({ sha: SHA2 });
  expect([run.code, run.errors]).toEqual([0, []]);
  const steps = run.output.split(/^(?=STEP \d+\/\d+: )/m).filter((chunk) => chunk.startsWith('STEP'));
  const cached = steps.map((chunk) => /^--> Using cache /m.test(chunk));
  // Every step after FROM and before the changed COPY comes from the cache; the COPY and what
  // follows it (the LABEL steps buildah adds for --label) are rebuilt.
  const changed = steps.findIndex((chunk) => /^STEP \d+\/\d+: COPY www\/ \/srv\/www\//.test(chunk));
  expect(changed).toBeGreaterThan(4);
  expect(cached.slice(1, changed)).toEqual(Array(changed - 1).fill(true));
  expect(cached.slice(changed)).toEqual(Array(steps.length - changed).fill(false));
  expect(run.summary).toContain(`${changed - 1} of ${steps.length - 1} steps from cache`);

  const second = await manifestOf('shop', SHA2);
  expect(run.outputs.digest).toBe(second.digest);
  expect(second.digest).not.toBe(first.digest);
  expect(second.layers.slice(0, -1)).toEqual(first.layers.slice(0, -1));
  expect(second.layers.at(-1)).not.toBe(first.layers.at(-1));
}, 300_000);

test('a fresh runner (empty storage) takes the unchanged layers from the registry cache', async () => {
  const storageConf = join(work, 'fresh-storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${work}/fresh"\nrunroot = "${work}/fresh-run"\n`);
  const freshEnv = { ...builderEnv, CONTAINERS_STORAGE_CONF: storageConf };
  await buildBaseImage({ env: { ...process.env, ...freshEnv } });
  writeFileSync(join(context, 'www', 'index.html'), '<h1>shop v2.1</h1>\n');
  const run = await runAction('build-push', {
    inputs: { repository: 'shop', context, builder: 'buildah' },
    env: { ...simulatorEnv(sim), ...freshEnv, ...authEnv, ...trustEnv(), GITHUB_SHA: SHA4, GITHUB_WORKSPACE: work },
    event: event(SHA4),
    runnerTemp: mkdtempSync(join(work, 'runner-')),
    timeoutMs: 300_000,
  });
  expect([run.code, run.errors]).toEqual([0, []]);
  const steps = run.output.split(/^(?=STEP \d+\/\d+: )/m).filter((chunk) => chunk.startsWith('STEP'));
  const remote = steps.map((chunk) => /^--> Cache pulled from remote /m.test(chunk));
  const changed = steps.findIndex((chunk) => /^STEP \d+\/\d+: COPY www\/ /.test(chunk));
  expect(remote.slice(1, changed)).toEqual(Array(changed - 1).fill(true));
  expect(remote[changed]).toBe(false);
  expect((await manifestOf('shop', SHA4)).layers.slice(0, -1)).toEqual(first.layers.slice(0, -1));
}, 300_000);

describe('trusted skips and preview builds', () => {
  const SHA5 = '5555555555555555555555555555555555555555';

  test('a preview build pushes preview- tags and writes its own cache, never the production cache', async () => {
    const productionCache = await client.listTags('shop/build-cache');
    expect(productionCache.length).toBeGreaterThan(0);
    writeFileSync(join(context, 'www', 'index.html'), '<h1>shop preview</h1>\n');
    const run = await buildPush({ sha: SHA5, inputs: { purpose: 'preview' } });
    expect([run.code, run.errors]).toEqual([0, []]);
    expect(run.outputs).toMatchObject({ image: `${registry.host}/shop:preview-${SHA5}`, tags: `preview-${SHA5}` });
    expect(await client.listTags('shop/build-cache')).toEqual(productionCache);
    expect((await client.listTags('shop/build-cache-preview')).length).toBeGreaterThan(0);
    expect(await client.headManifest('shop', SHA5)).toBeUndefined();
  }, 300_000);

  test('a preview image put under the production tag is rebuilt by the production build, not deployed', async () => {
    // What a pull request's job with push rights could do: copy its image to the commit's tag.
    const preview = await client.getManifest('shop', `preview-${SHA5}`);
    await client.putManifest({ repository: 'shop', reference: SHA5, body: preview!.body, mediaType: preview!.mediaType });
    const run = await buildPush({ sha: SHA5 });
    expect([run.code, run.errors]).toEqual([0, []]);
    const why = `it was built by "acme/shop preview", not "acme/shop production"`;
    expect(run.output).toContain(`${registry.host}/shop:${SHA5} exists (${preview!.digest}) but is not reused: ${why}. Building it again.`);
    expect(run.outputs.skipped).toBe('false');
    expect(run.outputs.digest).not.toBe(preview!.digest);
    expect((await client.headManifest('shop', SHA5))?.digest).toBe(run.outputs.digest);
    expect(run.summary).toContain('Existing image not reused');
  }, 300_000);
});

describe('immutable repository', () => {
  let pinned: string;

  test('a new commit is pushed with its tags', async () => {
    const run = await buildPush({ sha: SHA2, inputs: { repository: 'shop-pinned', 'tag-branch': true } });
    expect([run.code, run.errors]).toEqual([0, []]);
    pinned = (await manifestOf('shop-pinned', 'main')).digest;
    expect(run.outputs.digest).toBe(pinned);
  }, 300_000);

  test('rebuilding the same commit: tags that already hold the same digest are success', async () => {
    const run = await buildPush({ sha: SHA2, inputs: { repository: 'shop-pinned', 'tag-branch': true, 'skip-if-exists': false } });
    expect([run.code, run.errors]).toEqual([0, []]);
    expect(run.outputs).toMatchObject({ digest: pinned, skipped: 'false' });
    expect(run.output).toContain(`Tag main already points at ${pinned}`);
  }, 300_000);

  test('a tag that holds another digest fails with a clear error and is not moved', async () => {
    writeFileSync(join(context, 'www', 'index.html'), '<h1>shop v3</h1>\n');
    const run = await buildPush({ sha: SHA3, inputs: { repository: 'shop-pinned', 'tag-branch': true } });
    expect(run.code).toBe(1);
    const pushed = (await manifestOf('shop-pinned', SHA3)).digest;
    expect(run.errors).toEqual([
      `Tag "main" (${pinned}) already exists in immutable repository ${registry.host}/shop-pinned and points at another image than this build (${pushed}). ` +
        `The image was pushed as "${SHA3}". Use a tag that is new for each build (the commit SHA), or make the tag mutable.`,
    ]);
    expect((await client.headManifest('shop-pinned', 'main'))?.digest).toBe(pinned);
  }, 300_000);
});

test('build secrets reach the RUN step but not the image layers, the logs or the outputs', async () => {
  writeFileSync(
    join(context, 'Dockerfile.secret'),
    [
      'ARG BASE_IMAGE=localhost/ecs-ship-base:latest',
      'FROM ${BASE_IMAGE}',
      // The step proves it saw the secret by its length and checksum, never by its value.
      'RUN --mount=type=secret,id=api_token ["/bin/busybox", "sh", "-c", "/bin/busybox wc -c < /run/secrets/api_token > /token-length && /bin/busybox md5sum < /run/secrets/api_token > /token-md5"]',
      '',
    ].join('\n'),
  );
  const run = await buildPush({
    sha: SHA3,
    inputs: { dockerfile: join(context, 'Dockerfile.secret'), secrets: `api_token=${SECRET}`, tags: 'secret-test' },
  });
  expect([run.code, run.errors]).toEqual([0, []]);
  expect(run.output).toContain(`::add-mask::${SECRET}`);
  expect(visibleLog(run)).not.toContain(SECRET);
  expect(JSON.stringify(run.outputs)).not.toContain(SECRET);
  expect(run.summary).not.toContain(SECRET);

  const image = await manifestOf('shop', 'secret-test');
  const layers = await Promise.all(image.layers.map(async (digest) => gunzipSync(await client.getBlob('shop', digest))));
  const config = await client.getBlob('shop', image.config);
  for (const blob of [...layers, config]) expect(blob.includes(SECRET)).toBe(false);
  const top = layers.at(-1)!.toString('latin1');
  expect(top).toContain(`${SECRET.length}\n`);
  expect(top).toContain(createHash('md5').update(SECRET).digest('hex'));
}, 300_000);
