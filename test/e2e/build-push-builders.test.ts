import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { runAction, type ActionRun } from './run-action.js';

/**
 * build-push's choice of builder and the docker path, as the runner runs the bundle. No Docker
 * engine runs here, so `docker` and `buildah` are stand-ins on PATH that record the commands they
 * receive (and their secret variables) and answer as the real tools do: the docker path is tested by
 * the arguments it produces. The real buildah path is in build-push.test.ts.
 */

let sim: Simulator;
let work: string;
let context: string;
let registryHost: string;

const SHA = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
const DIGEST = `sha256:${'d'.repeat(64)}`;
const SECRET = 'npm-tok-9fK2mQ7xZ4';

/** One stand-in for both tools: logs {program, args, secrets} as a JSON line, then acts. */
const FAKE_TOOL = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const program = path.basename(process.argv[1]);
const args = process.argv.slice(2);
const secrets = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ECS_SHIP_BUILD_SECRET_')));
fs.appendFileSync(process.env.FAKE_TOOL_LOG, JSON.stringify({ program, args, secrets }) + '\\n');
const after = (flag) => args[args.indexOf(flag) + 1];
const digest = process.env.FAKE_DIGEST;
if (program === 'docker') {
  const command = args.slice(0, 2).join(' ');
  if (args[0] === 'info') {
    if (process.env.FAKE_DOCKER === 'down') {
      console.error('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
      process.exit(1);
    }
    console.log('27.5.1');
  } else if (command === 'buildx version') {
    console.log('github.com/docker/buildx v0.19.3');
  } else if (command === 'buildx inspect') {
    if (args[2]) process.exit(1); // the ecs-ship builder does not exist yet
    console.log('Name:   default\\nDriver: docker');
  } else if (command === 'buildx build') {
    console.log('#1 [internal] load build definition from Dockerfile');
    console.log('#1 DONE 0.0s');
    console.log('#4 [1/3] FROM docker.io/library/node:20-alpine');
    console.log('#4 CACHED');
    console.log('#5 [2/3] RUN --mount=type=secret,id=npm npm ci');
    console.log('#5 CACHED');
    console.log('#6 [3/3] COPY . /app');
    console.log('#6 DONE 0.2s');
    console.log('#7 exporting to image');
    console.log('#7 DONE 0.5s');
    fs.writeFileSync(after('--metadata-file'), JSON.stringify({ 'containerimage.digest': digest }));
  }
} else if (args[0] === 'bud') {
  console.log('STEP 1/2: FROM localhost/base');
  console.log('STEP 2/2: COPY . /app');
  fs.writeFileSync(after('--iidfile'), 'f'.repeat(64));
} else if (args[0] === 'push') {
  fs.writeFileSync(after('--digestfile'), digest);
}
`;

beforeAll(async () => {
  sim = await startSimulator();
  work = mkdtempSync(join(tmpdir(), 'build-push-builders-'));
  context = join(work, 'app');
  mkdirSync(context);
  writeFileSync(join(context, 'Dockerfile'), 'FROM node:20-alpine\nRUN --mount=type=secret,id=npm npm ci\nCOPY . /app\n');
  const bin = join(work, 'bin');
  mkdirSync(bin);
  for (const program of ['docker', 'buildah']) {
    writeFileSync(join(bin, program), FAKE_TOOL);
    chmodSync(join(bin, program), 0o755);
  }
  const { repository } = await new ECRClient({ ...clientConfig() }).send(new CreateRepositoryCommand({ repositoryName: 'shop/api' }));
  registryHost = repository!.repositoryUri!.split('/')[0];
});

afterAll(async () => {
  await sim?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function clientConfig() {
  const env = simulatorEnv(sim);
  return {
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  };
}

interface ToolCall {
  program: string;
  args: string[];
  secrets: Record<string, string>;
}

async function buildPush(o: { inputs?: Record<string, string>; docker?: 'down' }): Promise<{ run: ActionRun; calls: ToolCall[] }> {
  const log = join(work, `calls-${Date.now()}.jsonl`);
  writeFileSync(log, '');
  const run = await runAction('build-push', {
    inputs: { repository: 'shop/api', context, secrets: `npm=${SECRET}`, ...o.inputs },
    env: {
      ...simulatorEnv(sim),
      // Only the stand-ins and node: no real docker, buildah or podman is reachable.
      PATH: `${join(work, 'bin')}:${dirname(process.execPath)}`,
      FAKE_TOOL_LOG: log,
      FAKE_DIGEST: DIGEST,
      FAKE_DOCKER: o.docker,
      GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_REF_NAME: 'main',
      GITHUB_WORKSPACE: work, // the context and Dockerfile are read only inside the workspace
    },
    runnerTemp: mkdtempSync(join(work, 'runner-')),
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ToolCall);
  return { run, calls };
}

/** The value following a flag, for each occurrence. */
const values = (args: string[], flag: string) => args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));

test('auto picks docker buildx when an engine answers, with the ECR cache flags and no provenance', async () => {
  sim.world.calls.clear();
  const { run, calls } = await buildPush({ inputs: { builder: 'auto', 'tag-latest': 'true' } });
  expect([run.code, run.errors]).toEqual([0, []]);
  const repo = `${registryHost}/shop/api`;
  expect(calls.map((c) => `${c.program} ${c.args.slice(0, 2).join(' ')}`)).toEqual([
    'docker info --format',
    'docker buildx version',
    'docker buildx inspect',
    'docker buildx inspect',
    'docker buildx create',
    'docker buildx build',
  ]);
  expect(calls[4].args).toEqual(['buildx', 'create', '--name', 'ecs-ship', '--driver', 'docker-container', '--bootstrap']);
  const build = calls[5];
  expect(values(build.args, '--builder')).toEqual(['ecs-ship']);
  expect(values(build.args, '--tag')).toEqual([`${repo}:${SHA}`, `${repo}:latest`]);
  // The cache lives in a repository of its own beside the image repository, created with a lifecycle policy.
  expect(values(build.args, '--cache-from')).toEqual([`type=registry,ref=${repo}/build-cache:buildcache`]);
  expect(values(build.args, '--cache-to')).toEqual([
    `type=registry,ref=${repo}/build-cache:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
  ]);
  expect(run.output).toContain('docker: building with buildx.');
  expect(sim.world.callCounts()).toMatchObject({ 'ecr.CreateRepository': 1, 'ecr.PutLifecyclePolicy': 1 });
  expect(build.args).toEqual(expect.arrayContaining(['--push', '--provenance=false']));
  expect(values(build.args, '--label')).toEqual(
    expect.arrayContaining(['org.opencontainers.image.source=https://github.com/acme/shop', `org.opencontainers.image.revision=${SHA}`]),
  );
  expect(build.args.at(-1)).toBe(context);
  // The secret travels in the builder's environment only.
  expect(values(build.args, '--secret')).toEqual(['id=npm,env=ECS_SHIP_BUILD_SECRET_0']);
  expect(build.secrets).toEqual({ ECS_SHIP_BUILD_SECRET_0: SECRET });
  expect(JSON.stringify(calls.map((c) => c.args))).not.toContain(SECRET);

  expect(run.outputs).toEqual({
    image: `${repo}:${SHA}`,
    digest: DIGEST,
    'image-uri': `${repo}@${DIGEST}`,
    tags: `${SHA},latest`,
    skipped: 'false',
  });
  expect(run.summary).toContain('built with docker and pushed');
  expect(run.summary).toContain('1 of 2 steps from cache');
  expect(
    run.output
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
  ).not.toContain(SECRET);
});

test('auto falls back to buildah when docker is installed but no engine answers', async () => {
  const { run, calls } = await buildPush({ inputs: { builder: 'auto' }, docker: 'down' });
  expect([run.code, run.errors]).toEqual([0, []]);
  expect(calls.map((c) => `${c.program} ${c.args[0]}`)).toEqual(['docker info', 'buildah bud', 'buildah push']);
  expect(calls[1].secrets).toEqual({ ECS_SHIP_BUILD_SECRET_0: SECRET });
  expect(run.outputs.digest).toBe(DIGEST);
  expect(run.summary).toContain('built with buildah and pushed');
});

test('builder docker without an answering engine is a one-line configuration error', async () => {
  const { run, calls } = await buildPush({ inputs: { builder: 'docker' }, docker: 'down' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['Input "builder" is "docker", but no Docker engine answers here (`docker info`): use "auto" or "buildah".']);
  expect(calls.map((c) => c.args[0])).toEqual(['info']);
});

test('several platforms need docker: with buildah they are refused before AWS or a builder is called', async () => {
  sim.world.calls.clear();
  const { run, calls } = await buildPush({ inputs: { builder: 'buildah', platforms: 'linux/amd64,linux/arm64' } });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'Input "platforms" has value "linux/amd64,linux/arm64": expected one platform: buildah builds one per run here; use builder "docker" for multi-platform images.',
  ]);
  expect(calls).toEqual([]);
  expect(sim.world.callCounts()).toEqual({});
});

test('a repository value with a line break is refused in one line, the break shown escaped', async () => {
  sim.world.calls.clear();
  const { run, calls } = await buildPush({ inputs: { repository: 'shop/api\n::warning::forged' } });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'Input "repository" has value "shop/api\\n::warning::forged": expected a repository without tag or digest (tags go in the "tags" input).',
  ]);
  expect(calls).toEqual([]);
  expect(sim.world.callCounts()).toEqual({});
});

test.each([
  ['purpose', 'staging', 'Input "purpose" has value "staging"'],
  ['tag-prefix', '-pr', 'Input "tag-prefix" has value "-pr"'],
  ['network', 'bridge', 'Input "network" has value "bridge": expected none or host.'],
  ['source-date-epoch', 'yesterday', 'Input "source-date-epoch" has value "yesterday"'],
])('a bad %s is refused in one line before AWS or a builder is called', async (input, value, message) => {
  sim.world.calls.clear();
  const { run, calls } = await buildPush({ inputs: { builder: 'docker', [input]: value } });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toContain(message);
  expect(calls).toEqual([]);
  expect(sim.world.callCounts()).toEqual({});
});

test('a preview build: preview- tags, the preview cache repository, SOURCE_DATE_EPOCH from the commit checked out', async () => {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: context, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '.');
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', 'c'], {
    cwd: context,
    env: { ...process.env, GIT_COMMITTER_DATE: '2024-03-04T05:06:07Z', GIT_AUTHOR_DATE: '2024-03-04T05:06:07Z' },
  });
  const head = git('rev-parse', 'HEAD');
  try {
    const { run, calls } = await buildPush({ inputs: { builder: 'docker', purpose: 'preview', 'tag-branch': 'true', network: 'none' } });
    expect([run.code, run.errors]).toEqual([0, []]);
    const repo = `${registryHost}/shop/api`;
    const build = calls.find((c) => c.args[1] === 'build')!;
    expect(values(build.args, '--tag')).toEqual([`${repo}:preview-${head}`, `${repo}:preview-main`]);
    expect(values(build.args, '--cache-to')).toEqual([
      `type=registry,ref=${repo}/build-cache-preview:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
    ]);
    expect(values(build.args, '--build-arg')).toContain(`SOURCE_DATE_EPOCH=${Date.parse('2024-03-04T05:06:07Z') / 1000}`);
    expect(values(build.args, '--network')).toEqual(['none']);
    expect(values(build.args, '--label')).toEqual(
      expect.arrayContaining([
        `org.opencontainers.image.revision=${head}`,
        'org.opencontainers.image.created=2024-03-04T05:06:07.000Z',
        'dev.ecs-ship.built-by=acme/shop preview',
      ]),
    );
  } finally {
    rmSync(join(context, '.git'), { recursive: true, force: true });
  }
});
