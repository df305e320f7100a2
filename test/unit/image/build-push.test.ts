import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPush, type BuildPushDeps } from '../../../src/image/build-push.js';
import type { ToolCommand } from '../../../src/image/exec.js';
import type { BuildRequest } from '../../../src/image/types.js';
import { memoryLogger } from '../../../src/logger.js';

const URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop';
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

/** An ECR double: tags -> digest, answering the calls build-push makes. */
function fakeEcr(o: { tags: Record<string, string>; mutability?: string; repositories?: string[] }) {
  const calls: string[] = [];
  const tags = { ...o.tags };
  const repositories = new Set(['shop', ...(o.repositories ?? ['shop/build-cache'])]);
  const policies: Record<string, string> = {};
  const send = async (command: any) => {
    const name = command.constructor.name.replace(/Command$/, '');
    const input = command.input;
    calls.push(name);
    const fail = (errorName: string) => Object.assign(new Error(errorName), { name: errorName });
    switch (name) {
      case 'DescribeRepositories': {
        const name = input.repositoryNames[0];
        if (!repositories.has(name)) throw fail('RepositoryNotFoundException');
        const uri = `${URI}${name.slice('shop'.length)}`;
        return { repositories: [{ repositoryUri: uri, registryId: '123456789012', imageTagMutability: o.mutability ?? 'MUTABLE' }] };
      }
      case 'CreateRepository':
        repositories.add(input.repositoryName);
        return { repository: { repositoryUri: `${URI}${input.repositoryName.slice('shop'.length)}` } };
      case 'PutLifecyclePolicy':
        policies[input.repositoryName] = input.lifecyclePolicyText;
        return {};
      case 'DescribeImages': {
        const digest = tags[input.imageIds[0].imageTag];
        if (!digest) throw fail('ImageNotFoundException');
        return { imageDetails: [{ imageDigest: digest, imageTags: Object.keys(tags).filter((t) => tags[t] === digest) }] };
      }
      case 'BatchGetImage':
        return {
          images: input.imageIds
            .map((id: any) => ({ imageTag: id.imageTag, imageDigest: id.imageDigest ?? tags[id.imageTag] }))
            .filter((id: any) => id.imageDigest)
            .map((imageId: any) => ({
              imageId,
              imageManifest: '{"schemaVersion":2}',
              imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
            })),
        };
      case 'PutImage':
        if (tags[input.imageTag] === input.imageDigest) throw fail('ImageAlreadyExistsException');
        if (tags[input.imageTag] && o.mutability === 'IMMUTABLE') throw fail('ImageTagAlreadyExistsException');
        tags[input.imageTag] = input.imageDigest;
        return {};
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
  return { client: { send } as any, calls, tags, repositories, policies };
}

const BUILT_BY = 'acme/shop production';
const TRUSTED = { 'org.opencontainers.image.revision': 'abc', 'dev.ecs-ship.built-by': BUILT_BY };

/** The registry's view: labels per digest, digests per tag. */
function fakeRegistry(o: { labels?: Record<string, Record<string, string>>; digests?: Record<string, string> } = {}) {
  const reads: string[] = [];
  return {
    reads,
    digest: async (uri: string, tag: string) => (reads.push(`digest ${uri}:${tag}`), o.digests?.[tag]),
    labels: async (uri: string, digest: string) => {
      reads.push(`labels ${uri}@${digest}`);
      const labels = o.labels?.[digest];
      if (!labels) throw new Error('HTTP 404');
      return labels;
    },
  };
}

/** A builder double: records commands, writes the digest/metadata files a real builder writes. */
function fakeRunner(digest: string, output = 'STEP 1/2: FROM x\nSTEP 2/2: COPY . /\n--> Using cache abc\n') {
  const commands: ToolCommand[] = [];
  const runner = async (command: ToolCommand) => {
    commands.push(command);
    const arg = (flag: string) => command.args[command.args.indexOf(flag) + 1];
    if (command.args.includes('--iidfile')) writeFileSync(arg('--iidfile'), 'imageid123\n');
    if (command.args.includes('--digestfile')) writeFileSync(arg('--digestfile'), digest);
    if (command.args.includes('--metadata-file'))
      writeFileSync(arg('--metadata-file'), JSON.stringify({ 'containerimage.digest': digest }));
    if (command.args[1] === 'inspect') return { code: 0, output: 'Name: default\nDriver: docker\n' };
    return { code: 0, output };
  };
  return { runner, commands };
}

function request(overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    repository: 'shop',
    context: '/w',
    dockerfile: '/w/Dockerfile',
    buildArgs: [],
    labels: [],
    secrets: [{ id: 'token', value: 'hunter2-secret' }],
    platforms: [],
    tags: ['abc', 'main'],
    builder: 'buildah',
    push: true,
    cache: true,
    skipIfExists: true,
    provenance: false,
    purpose: 'production',
    revision: 'abc',
    builtBy: BUILT_BY,
    ...overrides,
  };
}

function deps(
  ecr: ReturnType<typeof fakeEcr>,
  runner: ReturnType<typeof fakeRunner>,
  registry = fakeRegistry({ labels: { [D1]: TRUSTED } }),
  probe: Partial<BuildPushDeps['probe']> = {},
): BuildPushDeps & { logger: ReturnType<typeof memoryLogger> } {
  return {
    logger: memoryLogger(),
    env: { RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'bp-unit-')) },
    ecr: () => ecr.client,
    runner: runner.runner,
    probe: { dockerReady: async () => true, buildxInstalled: async () => true, installed: () => true, ...probe },
    inContainer: false,
    registry,
  };
}

test('an existing commit tag skips the build and adds missing tags through the API', async () => {
  const ecr = fakeEcr({ tags: { abc: D1 } });
  const runner = fakeRunner(D2);
  const result = await buildPush(request(), deps(ecr, runner));
  expect(result).toMatchObject({ skipped: true, digest: D1, imageUri: `${URI}@${D1}`, image: `${URI}:abc`, tags: ['abc', 'main'] });
  expect(runner.commands).toEqual([]);
  expect(ecr.tags.main).toBe(D1);
  expect(ecr.calls).toEqual(['DescribeRepositories', 'DescribeImages', 'BatchGetImage', 'PutImage']);
});

test('skip with an immutable tag held by another image fails and says which', async () => {
  const ecr = fakeEcr({ tags: { abc: D1, main: D2 }, mutability: 'IMMUTABLE' });
  await expect(buildPush(request(), deps(ecr, fakeRunner(D1)))).rejects.toThrow(
    `Tag "main" (${D2}) already exists in immutable repository ${URI} and points at another image than this build (${D1}).`,
  );
});

test('buildah: builds once, pushes each tag, secret value only in the environment', async () => {
  const ecr = fakeEcr({ tags: {} });
  const runner = fakeRunner(D1);
  const result = await buildPush(request(), deps(ecr, runner));
  expect(result).toMatchObject({ skipped: false, pushed: true, digest: D1, builder: 'buildah', cache: { steps: 1, cached: 1 } });
  expect(runner.commands.map((c) => [c.program, c.args[0], c.args.at(-1)])).toEqual([
    ['buildah', 'bud', '/w'],
    ['buildah', 'push', `docker://${URI}:abc`],
    ['buildah', 'push', `docker://${URI}:main`],
  ]);
  const bud = runner.commands[0];
  expect(bud.args.join(' ')).not.toContain('hunter2-secret');
  expect(bud.env).toEqual({ ECS_SHIP_BUILD_SECRET_0: 'hunter2-secret' });
  // The cache goes to a repository of its own, not to the image repository's tags.
  expect(bud.args).toEqual(expect.arrayContaining(['--cache-from', `${URI}/build-cache`, '--cache-to', `${URI}/build-cache`]));
});

test('an immutable tag that already points at the new digest is success; it is not pushed', async () => {
  const ecr = fakeEcr({ tags: { main: D1 }, mutability: 'IMMUTABLE' });
  const runner = fakeRunner(D1);
  const result = await buildPush(request({ skipIfExists: false }), deps(ecr, runner));
  expect(result).toMatchObject({ digest: D1, pushed: true });
  expect(runner.commands.filter((c) => c.args[0] === 'push').map((c) => c.args.at(-1))).toEqual([`docker://${URI}:abc`]);
});

test('an immutable tag that points at another image fails after pushing the new tags', async () => {
  const ecr = fakeEcr({ tags: { main: D2 }, mutability: 'IMMUTABLE' });
  await expect(buildPush(request(), deps(ecr, fakeRunner(D1)))).rejects.toThrow(
    `Tag "main" (${D2}) already exists in immutable repository ${URI} and points at another image than this build (${D1}). The image was pushed as "abc".`,
  );
});

test('every tag held: buildah computes the digest locally and pushes nothing', async () => {
  const ecr = fakeEcr({ tags: { abc: D1, main: D1 }, mutability: 'IMMUTABLE' });
  const runner = fakeRunner(D1);
  const result = await buildPush(request({ skipIfExists: false }), deps(ecr, runner));
  expect(result).toMatchObject({ digest: D1, pushed: false });
  expect(runner.commands.filter((c) => c.args[0] === 'push').map((c) => c.args.at(-1))).toEqual([expect.stringMatching(/^oci:.*:digest$/)]);
});

test('docker: a container builder for the cache, one buildx command, digest from the metadata file', async () => {
  const ecr = fakeEcr({ tags: {} });
  const runner = fakeRunner(D1);
  const result = await buildPush(request({ builder: 'docker' }), deps(ecr, runner));
  expect(result).toMatchObject({ digest: D1, builder: 'docker' });
  const build = runner.commands.find((c) => c.args[1] === 'build')!;
  expect(build.args).toEqual(expect.arrayContaining(['--builder', 'ecs-ship', '--push', '--provenance=false', '--tag', `${URI}:main`]));
  expect(runner.commands.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['buildx inspect', 'buildx inspect', 'buildx build']);
});

test('docker without buildx: docker build on the engine, docker push per tag, digest read from the registry', async () => {
  const ecr = fakeEcr({ tags: {} });
  const runner = fakeRunner(D1);
  const registry = fakeRegistry({ digests: { abc: D2 } });
  const d = deps(ecr, runner, registry, { buildxInstalled: async () => false });
  const result = await buildPush(request({ builder: 'docker', sourceDateEpoch: 1700000000, network: 'none' }), d);
  expect(result).toMatchObject({ digest: D2, builder: 'docker', dockerPath: 'engine', pushed: true });
  expect(runner.commands.map((c) => c.args.slice(0, 1).concat(c.args.at(-1)!).join(' '))).toEqual([
    'build /w',
    `push ${URI}:abc`,
    `push ${URI}:main`,
  ]);
  const build = runner.commands[0];
  expect(build.env).toEqual({ ECS_SHIP_BUILD_SECRET_0: 'hunter2-secret', DOCKER_BUILDKIT: '1' });
  expect(build.args).toEqual(expect.arrayContaining(['--network', 'none', '--build-arg', 'SOURCE_DATE_EPOCH=1700000000']));
  expect(build.args).not.toContain('--cache-to');
  expect(registry.reads).toEqual([`digest ${URI}:abc`]);
  expect(d.logger.lines.join('\n')).toContain(
    "buildx is not installed; building with the engine's own BuildKit (docker build, then docker push)",
  );
});

describe('reusing an existing image only when it can be trusted', () => {
  test.each([
    [
      'a wrong revision label',
      { ...TRUSTED, 'org.opencontainers.image.revision': 'evil' },
      'its revision label is "evil", not the commit being built (abc)',
    ],
    ['no revision label', { 'dev.ecs-ship.built-by': BUILT_BY }, 'its revision label is missing, not the commit being built (abc)'],
    [
      'a preview build',
      { ...TRUSTED, 'dev.ecs-ship.built-by': 'acme/shop preview' },
      'it was built by "acme/shop preview", not "acme/shop production"',
    ],
    [
      'no built-by label',
      { 'org.opencontainers.image.revision': 'abc' },
      'it was built by an unknown build (no built-by label), not "acme/shop production"',
    ],
    ['unreadable labels', undefined, 'its labels could not be read'],
  ])('%s: rebuilt, saying why', async (_name, labels, why) => {
    const ecr = fakeEcr({ tags: { abc: D2 } });
    const runner = fakeRunner(D1);
    const d = deps(ecr, runner, fakeRegistry({ labels: labels ? { [D2]: labels } : {} }));
    const result = await buildPush(request(), d);
    expect(result).toMatchObject({ skipped: false, digest: D1, rebuiltBecause: why });
    expect(d.logger.lines).toContain(`${URI}:abc exists (${D2}) but is not reused: ${why}. Building it again.`);
    expect(runner.commands.map((c) => c.args[0])).toEqual(['bud', 'push', 'push']);
  });

  test('an immutable tag is reused without reading labels', async () => {
    const ecr = fakeEcr({ tags: { abc: D2, main: D2 }, mutability: 'IMMUTABLE' });
    const registry = fakeRegistry();
    const result = await buildPush(request(), deps(ecr, fakeRunner(D1), registry));
    expect(result).toMatchObject({ skipped: true, digest: D2 });
    expect(registry.reads).toEqual([]);
  });
});

describe('cache repository', () => {
  test('created when missing, with a lifecycle policy; preview builds use their own', async () => {
    const ecr = fakeEcr({ tags: {}, repositories: [] });
    const runner = fakeRunner(D1);
    await buildPush(request({ purpose: 'preview', tags: ['preview-abc'] }), deps(ecr, runner));
    expect([...ecr.repositories]).toEqual(['shop', 'shop/build-cache-preview']);
    expect(JSON.parse(ecr.policies['shop/build-cache-preview']).rules[0].selection).toMatchObject({ countNumber: 200 });
    const bud = runner.commands[0].args;
    expect(bud).toEqual(expect.arrayContaining(['--cache-to', `${URI}/build-cache-preview`, '--cache-from', `${URI}/build-cache-preview`]));
    expect(bud.join(' ')).not.toMatch(/build-cache(?!-preview)/);
  });

  test('a cache repository that cannot be created: a warning, and the build goes on without the cache', async () => {
    const ecr = fakeEcr({ tags: {}, repositories: [] });
    const send = ecr.client.send;
    ecr.client.send = async (command: any) => {
      if (command.constructor.name === 'CreateRepositoryCommand')
        throw Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
      return send(command);
    };
    const runner = fakeRunner(D1);
    const d = deps(ecr, runner);
    const result = await buildPush(request({ skipIfExists: false }), d);
    expect(result.digest).toBe(D1);
    expect(runner.commands[0].args).not.toContain('--cache-to');
    expect(d.logger.lines.join('\n')).toMatch(/No registry layer cache: Could not create ECR repository shop\/build-cache: .*not allowed/);
  });
});

test('a registry outside ECR: no skip check, no AWS call', async () => {
  const ecr = fakeEcr({ tags: {} });
  const runner = fakeRunner(D1);
  const d = deps(ecr, runner);
  const result = await buildPush(request({ repository: 'ghcr.io/acme/shop' }), d);
  expect(result.imageUri).toBe(`ghcr.io/acme/shop@${D1}`);
  expect(ecr.calls).toEqual([]);
  expect(d.logger.lines.join('\n')).toContain('skip-if-exists needs an ECR repository');
});

test('a missing repository is explained', async () => {
  const ecr = {
    client: {
      send: async () => {
        throw Object.assign(new Error('x'), { name: 'RepositoryNotFoundException' });
      },
    } as any,
  };
  await expect(buildPush(request(), { ...deps(fakeEcr({ tags: {} }), fakeRunner(D1)), ecr: () => ecr.client })).rejects.toThrow(
    'ECR repository "shop" does not exist: create it first',
  );
});

test('a failed build says why in one line', async () => {
  const runner = {
    runner: async () => ({ code: 1, output: 'STEP 2/3: RUN make\nmake: *** no rule\nError: building at STEP "RUN make": exit status 2\n' }),
    commands: [],
  };
  await expect(buildPush(request({ skipIfExists: false }), deps(fakeEcr({ tags: {} }), runner as any))).rejects.toThrow(
    'buildah bud failed (exit code 1): STEP 2/3: RUN make | make: *** no rule | Error: building at STEP "RUN make": exit status 2',
  );
});

test('docker without buildx refuses several platforms before building', async () => {
  const runner = fakeRunner(D1);
  const d = deps(fakeEcr({ tags: {} }), runner, fakeRegistry(), { buildxInstalled: async () => false });
  await expect(buildPush(request({ builder: 'docker', platforms: ['linux/amd64', 'linux/arm64'] }), d)).rejects.toThrow(
    'several platforms need docker buildx',
  );
  expect(runner.commands).toEqual([]);
});
