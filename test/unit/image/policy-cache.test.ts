import { buildahIsolation, chooseBuilder, needsContainerBuilder, parseBuildxDriver, registryAuthFile } from '../../../src/image/builder.js';
import { cacheReport } from '../../../src/image/cache-report.js';
import { buildSummary } from '../../../src/image/summary.js';
import { conflictMessage, conflicts, heldTags, tagIsImmutable } from '../../../src/image/tag-policy.js';

describe('builder choice', () => {
  const probe = (docker: boolean, installed: string[]) => ({
    dockerReady: async () => docker,
    buildxInstalled: async () => false,
    installed: (p: string) => installed.includes(p),
  });

  test('auto: docker when the engine answers, else buildah, else podman', async () => {
    expect(await chooseBuilder('auto', probe(true, ['docker', 'buildah']))).toBe('docker');
    expect(await chooseBuilder('auto', probe(false, ['docker', 'buildah', 'podman']))).toBe('buildah');
    expect(await chooseBuilder('auto', probe(false, ['podman']))).toBe('podman');
    await expect(chooseBuilder('auto', probe(false, []))).rejects.toThrow('No image builder found');
  });

  test('an explicit builder that is missing is a configuration error', async () => {
    await expect(chooseBuilder('docker', probe(false, ['docker']))).rejects.toThrow('Input "builder" is "docker"');
    await expect(chooseBuilder('podman', probe(true, ['docker']))).rejects.toThrow('podman is not installed');
    expect(await chooseBuilder('buildah', probe(true, ['buildah']))).toBe('buildah');
  });

  test('chroot isolation only in a container, and never over BUILDAH_ISOLATION', () => {
    expect(buildahIsolation({}, true)).toBe('chroot');
    expect(buildahIsolation({}, false)).toBeUndefined();
    expect(buildahIsolation({ BUILDAH_ISOLATION: 'oci' }, true)).toBeUndefined();
  });

  test('auth file: REGISTRY_AUTH_FILE, else the Docker config ecr-login wrote', () => {
    expect(registryAuthFile({ REGISTRY_AUTH_FILE: '/a.json', DOCKER_CONFIG: '/d' })).toBe('/a.json');
    expect(registryAuthFile({ DOCKER_CONFIG: '/d' }, (p) => p === '/d/config.json')).toBe('/d/config.json');
    expect(registryAuthFile({ DOCKER_CONFIG: '/d' }, () => false)).toBeUndefined();
  });

  test('the default docker driver cannot export a cache: a container builder is used', () => {
    expect(parseBuildxDriver('Name:   default\nDriver: docker\n')).toBe('docker');
    expect(parseBuildxDriver('Name: b\nDriver:        docker-container\n')).toBe('docker-container');
    expect(needsContainerBuilder({ driver: 'docker', cache: true, platforms: [] })).toBe(true);
    expect(needsContainerBuilder({ driver: 'docker', cache: false, platforms: ['linux/amd64'] })).toBe(false);
    expect(needsContainerBuilder({ driver: 'docker-container', cache: true, platforms: [] })).toBe(false);
  });
});

describe('immutable tags', () => {
  test('mutability with exclusion filters', () => {
    const filters = [
      { filterType: 'WILDCARD', filter: 'latest' },
      { filterType: 'WILDCARD', filter: 'pr-*' },
    ];
    expect(tagIsImmutable({ mutability: 'IMMUTABLE', exclusions: [] }, 'latest')).toBe(true);
    expect(tagIsImmutable({ mutability: 'MUTABLE', exclusions: [] }, 'abc')).toBe(false);
    expect(tagIsImmutable({ mutability: 'IMMUTABLE_WITH_EXCLUSION', exclusions: filters }, 'pr-12')).toBe(false);
    expect(tagIsImmutable({ mutability: 'IMMUTABLE_WITH_EXCLUSION', exclusions: filters }, 'v1')).toBe(true);
    expect(tagIsImmutable({ mutability: 'MUTABLE_WITH_EXCLUSION', exclusions: filters }, 'latest')).toBe(true);
  });

  test('existing immutable tags are held; the same digest is fine, another is a conflict', () => {
    const existing = new Map([
      ['abc', 'sha256:1'],
      ['main', 'sha256:2'],
    ]);
    const held = heldTags({ policy: { mutability: 'IMMUTABLE', exclusions: [] }, tags: ['abc', 'main', 'new'], existing });
    expect(held).toEqual(['abc', 'main']);
    expect(heldTags({ policy: { mutability: 'MUTABLE', exclusions: [] }, tags: ['abc'], existing })).toEqual([]);
    expect(conflicts({ held, existing, digest: 'sha256:1' })).toEqual([{ tag: 'main', existing: 'sha256:2' }]);
    expect(conflicts({ held: ['abc'], existing, digest: 'sha256:1' })).toEqual([]);
    expect(
      conflictMessage({ repository: 'r', digest: 'sha256:1', conflicts: [{ tag: 'main', existing: 'sha256:2' }], pushed: ['new'] }),
    ).toBe(
      'Tag "main" (sha256:2) already exists in immutable repository r and points at another image than this build (sha256:1). The image was pushed as "new". Use a tag that is new for each build (the commit SHA), or make the tag mutable.',
    );
  });
});

describe('cache report', () => {
  test('buildah: steps after FROM, counting local and remote cache hits', () => {
    const output = [
      'STEP 1/4: FROM localhost/base',
      'STEP 2/4: RUN echo a',
      '--> Using cache 0b90171c412d229ff181858c924bb707f970390340ba31b08c6393a6ad4f8d2f',
      'STEP 3/4: COPY x /x',
      '--> Cache pulled from remote 127.0.0.1:5000/shop:0b90171c',
      '--> Using cache 0b90171c412d',
      'STEP 4/4: COPY www /www',
      'COMMIT',
    ].join('\n');
    expect(cacheReport('buildah', output)).toEqual({ steps: 3, cached: 2 });
  });

  test('buildx plain progress: steps after FROM, as for buildah', () => {
    const output = [
      '#5 [1/3] FROM docker.io/library/alpine',
      '#5 CACHED',
      '#6 [2/3] RUN apk add curl',
      '#6 CACHED',
      '#7 [3/3] COPY . /app',
      '#7 DONE 0.1s',
      '#8 exporting to image',
      '#8 CACHED',
    ].join('\n');
    expect(cacheReport('docker', output)).toEqual({ steps: 2, cached: 1 });
  });
});

test('summary shows image, digest, tags, outcome and cache use', () => {
  const { table } = buildSummary({
    builder: 'buildah',
    repositoryUri: 'r',
    image: 'r:abc',
    digest: 'sha256:1',
    imageUri: 'r@sha256:1',
    tags: ['abc', 'main'],
    skipped: false,
    pushed: true,
    cache: { steps: 9, cached: 8 },
    durationMs: 12_300,
  });
  const text = table.rows.map((row) => row.join(': ')).join('\n');
  expect(text).toContain('Image URI (deploy this): <code>r@sha256:1</code>');
  expect(text).toContain('Tags: <code>abc</code>, <code>main</code>');
  expect(text).toContain('Layer cache: 8 of 9 steps from cache');
  expect(text).toContain('built with buildah and pushed');
  expect(text).toContain('Duration: 12s'); // formatDuration, as every action writes a duration
});

test('summary names the docker path without buildx and why an existing image was not reused', () => {
  const { table } = buildSummary({
    builder: 'docker',
    dockerPath: 'engine',
    repositoryUri: 'r',
    image: 'r:abc',
    digest: 'sha256:1',
    imageUri: 'r@sha256:1',
    tags: ['abc'],
    skipped: false,
    rebuiltBecause: 'its revision label is "x", not the commit being built (abc)',
    pushed: true,
    durationMs: 1000,
  });
  const text = table.rows.map((row) => row.join(': ')).join('\n');
  expect(text).toContain('built with docker (engine BuildKit, no buildx) and pushed');
  expect(text).toContain('Existing image not reused: its revision label is &quot;x&quot;, not the commit being built (abc)');
});
