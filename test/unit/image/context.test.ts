import { buildahBuildArgs, buildahPushArgs, dockerBuildArgs, secretMounts, type BuildPlan } from '../../../src/image/context.js';

const REPO = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api';

function plan(overrides: Partial<BuildPlan> = {}): BuildPlan {
  return {
    builder: 'docker',
    repositoryUri: REPO,
    context: '/w/app',
    dockerfile: '/w/app/Dockerfile',
    buildArgs: [['NODE_ENV', 'production']],
    labels: [['org.opencontainers.image.revision', 'abc']],
    platforms: [],
    secrets: [],
    tags: ['abc', 'main'],
    push: true,
    cacheRepository: REPO,
    cacheExport: true,
    provenance: false,
    metadataFile: '/tmp/x/metadata.json',
    iidFile: '/tmp/x/iid',
    ...overrides,
  };
}

/** The value following a flag, for each occurrence. */
const values = (args: string[], flag: string) => args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));

describe('docker buildx arguments', () => {
  test('push with the ECR registry cache, tags, labels, build args and no provenance', () => {
    const args = dockerBuildArgs(plan());
    expect(args.slice(0, 2)).toEqual(['buildx', 'build']);
    expect(values(args, '--cache-from')).toEqual([`type=registry,ref=${REPO}:buildcache`]);
    expect(values(args, '--cache-to')).toEqual([`type=registry,ref=${REPO}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`]);
    expect(args).toContain('--provenance=false');
    expect(values(args, '--tag')).toEqual([`${REPO}:abc`, `${REPO}:main`]);
    expect(values(args, '--build-arg')).toEqual(['NODE_ENV=production']);
    expect(values(args, '--label')).toEqual(['org.opencontainers.image.revision=abc']);
    expect(values(args, '--metadata-file')).toEqual(['/tmp/x/metadata.json']);
    expect(values(args, '--file')).toEqual(['/w/app/Dockerfile']);
    expect(args).toContain('--push');
    expect(args.at(-1)).toBe('/w/app');
  });

  test('secrets are referenced by variable name or file, never by value', () => {
    const { mounts, env } = secretMounts([
      { id: 'npm', value: 's3cret-value' },
      { id: 'cert', file: '/w/cert.pem' },
    ]);
    const args = dockerBuildArgs(plan({ secrets: mounts }));
    expect(values(args, '--secret')).toEqual(['id=npm,env=ECS_SHIP_BUILD_SECRET_0', 'id=cert,src=/w/cert.pem']);
    expect(env).toEqual({ ECS_SHIP_BUILD_SECRET_0: 's3cret-value' });
    expect(args.join(' ')).not.toContain('s3cret-value');
  });

  test('platforms, target, provenance on, a builder and no cache', () => {
    const args = dockerBuildArgs(
      plan({
        platforms: ['linux/amd64', 'linux/arm64'],
        target: 'runtime',
        provenance: true,
        cacheRepository: undefined,
        dockerBuilder: 'ecs-ship',
      }),
    );
    expect(values(args, '--platform')).toEqual(['linux/amd64,linux/arm64']);
    expect(values(args, '--target')).toEqual(['runtime']);
    expect(values(args, '--builder')).toEqual(['ecs-ship']);
    expect(args).toContain('--provenance=mode=min');
    expect(args.some((a) => a.startsWith('--cache'))).toBe(false);
  });

  test('not pushed: loaded into the engine, cache read but not written', () => {
    const args = dockerBuildArgs(plan({ push: false, cacheExport: false }));
    expect(args).toContain('--load');
    expect(args).not.toContain('--push');
    expect(values(args, '--cache-from')).toHaveLength(1);
    expect(values(args, '--cache-to')).toHaveLength(0);
  });

  test('every tag held by an immutable one: pushed by digest only', () => {
    const args = dockerBuildArgs(plan({ tags: [], pushByDigest: true }));
    expect(values(args, '--output')).toEqual([`type=image,name=${REPO},push-by-digest=true,name-canonical=true,push=true`]);
    expect(values(args, '--tag')).toEqual([]);
  });
});

describe('buildah arguments', () => {
  test('bud with layers, registry cache, auth file, isolation and the primary tag', () => {
    const args = buildahBuildArgs(plan({ builder: 'buildah', authFile: '/r/auth.json', isolation: 'chroot', platforms: ['linux/arm64'] }));
    expect(args.slice(0, 2)).toEqual(['bud', '--layers']);
    expect(values(args, '--cache-from')).toEqual([REPO]);
    expect(values(args, '--cache-to')).toEqual([REPO]);
    expect(values(args, '--authfile')).toEqual(['/r/auth.json']);
    expect(values(args, '--isolation')).toEqual(['chroot']);
    expect(values(args, '--platform')).toEqual(['linux/arm64']);
    expect(values(args, '--iidfile')).toEqual(['/tmp/x/iid']);
    expect(values(args, '--tag')).toEqual([`${REPO}:abc`]);
    expect(args).not.toContain('--provenance=false');
    expect(args.at(-1)).toBe('/w/app');
  });

  test('podman uses build; no cache means no cache flags', () => {
    const args = buildahBuildArgs(plan({ builder: 'podman', cacheRepository: undefined }));
    expect(args[0]).toBe('build');
    expect(args.some((a) => a.startsWith('--cache'))).toBe(false);
    expect(values(args, '--isolation')).toEqual([]);
  });

  test('push writes the digest file', () => {
    expect(buildahPushArgs({ authFile: '/a.json', digestFile: '/d', imageId: 'abc123', destination: `docker://${REPO}:abc` })).toEqual([
      'push',
      '--authfile',
      '/a.json',
      '--digestfile',
      '/d',
      'abc123',
      `docker://${REPO}:abc`,
    ]);
  });
});
