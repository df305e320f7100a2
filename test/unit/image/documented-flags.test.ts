import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildahBuildArgs, dockerBuildArgs, dockerEngineBuildArgs, type BuildPlan } from '../../../src/image/context.js';

/**
 * Every flag build-push passes exists in the tool it is passed to: buildx's against its documented
 * options (transcribed, no buildx here), `docker build`, `buildah bud` and `podman build` against
 * the installed tools' own --help.
 */

const REPO = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api';

/** A plan that turns on every flag the builders can get. */
function fullPlan(overrides: Partial<BuildPlan>): BuildPlan {
  return {
    builder: 'docker',
    repositoryUri: REPO,
    context: '/w/app',
    dockerfile: '/w/app/Dockerfile',
    target: 'runtime',
    buildArgs: [['NODE_ENV', 'production']],
    labels: [['org.opencontainers.image.revision', 'abc']],
    platforms: ['linux/amd64'],
    secrets: [
      { id: 'npm', env: 'ECS_SHIP_BUILD_SECRET_0' },
      { id: 'cert', file: '/w/cert.pem' },
    ],
    tags: ['abc', 'main'],
    push: true,
    cacheRepository: `${REPO}/build-cache`,
    cacheExport: true,
    provenance: true,
    metadataFile: '/tmp/x/metadata.json',
    iidFile: '/tmp/x/iid',
    authFile: '/tmp/x/config.json',
    isolation: 'chroot',
    dockerBuilder: 'ecs-ship',
    sourceDateEpoch: 1700000000,
    network: 'none',
    ...overrides,
  };
}

const longFlags = (args: string[]) => [...new Set(args.filter((a) => a.startsWith('--')).map((a) => a.replace(/=.*$/, '')))];

function helpFlags(program: string, args: string[]): Set<string> {
  // docker lists its BuildKit-only flags (--secret, --progress) when BuildKit is on, as build-push turns it on.
  const env = { ...process.env, DOCKER_BUILDKIT: '1' };
  const help = execFileSync(program, [...args, '--help'], { encoding: 'utf8', env });
  return new Set([...help.matchAll(/(?:^|\s|,)(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]));
}

test('docker buildx build: every flag is in the documented options', () => {
  const documented = new Set(
    readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'builder-flags', 'buildx-build.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('--')),
  );
  const used = [...longFlags(dockerBuildArgs(fullPlan({}))), ...longFlags(dockerBuildArgs(fullPlan({ pushByDigest: true })))];
  expect(used.filter((flag) => !documented.has(flag))).toEqual([]);
  expect(used).toEqual(expect.arrayContaining(['--cache-to', '--metadata-file', '--network', '--provenance', '--output']));
});

test.each([
  ['docker build (Debian docker.io client)', '/usr/bin/docker', ['build'], dockerEngineBuildArgs(fullPlan({ dockerPath: 'engine' }))],
  ['buildah bud', 'buildah', ['bud'], buildahBuildArgs(fullPlan({ builder: 'buildah' }))],
  ['podman build', 'podman', ['build'], buildahBuildArgs(fullPlan({ builder: 'podman' }))],
])('%s: every flag is in the installed tool’s --help', (_name, program, command, args) => {
  const known = helpFlags(program, command);
  const used = longFlags(args);
  expect(used.length).toBeGreaterThan(8);
  expect(used.filter((flag) => !known.has(flag))).toEqual([]);
});
