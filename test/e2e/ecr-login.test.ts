import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFaults } from '../aws-sim/control.js';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { ecrState } from '../aws-sim/services/ecr/state.js';
import { RegistryClient } from '../registry/client.js';
import { startRegistry, type Registry } from '../registry/registry.js';
import { runAction, type ActionRun } from './run-action.js';

let registry: Registry;
let client: RegistryClient;
let sim: Simulator;
let plain: Simulator;
let home: string;

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient(registry);
  sim = await startSimulator({ registry });
  plain = await startSimulator();
  // A home without a ~/.docker/config.json, so nothing from this machine leaks into the config.
  home = mkdtempSync(join(tmpdir(), 'ecr-login-home-'));
});
afterAll(async () => {
  await sim?.stop();
  await plain?.stop();
  await registry?.stop();
});
beforeEach(() => {
  sim.world.calls.clear();
  plain.world.calls.clear();
  setFaults(sim.world, {});
});

const login = (inputs: Record<string, string> = {}, env: Record<string, string> = {}, target = sim) =>
  runAction('ecr-login', { inputs, env: { ...simulatorEnv(target), HOME: home, ...env } });

const basic = (auth: string) => `Basic ${auth}`;
const authOf = (run: ActionRun, host: string) =>
  JSON.parse(readFileSync(join(run.outputs['docker-config'], 'config.json'), 'utf8')).auths[host].auth as string;

/** The runner consumes ::add-mask:: lines; every other line must be free of the secrets. */
function expectNoSecrets(run: ActionRun, secrets: string[]) {
  const visible = run.output
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  for (const secret of secrets) {
    expect(visible).not.toContain(secret);
    expect(run.summary).not.toContain(secret);
    expect(run.output).toContain(`::add-mask::${secret}`);
  }
}

test('with no inputs it logs in to the caller registry, and the written config works against the registry', async () => {
  const run = await login();
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.registry).toBe(registry.host);
  expect(JSON.parse(run.outputs.registries)).toEqual([registry.host]);
  expect(ecrState(sim.world).tokenRequests.at(-1)).toEqual({ region: 'us-east-1', registryIds: [] });

  const dir = run.outputs['docker-config'];
  expect(dir.startsWith(run.runnerTemp)).toBe(true);
  expect(run.exportedEnv).toEqual({ DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: join(dir, 'config.json') });
  expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  const auth = authOf(run, registry.host);
  expect(Buffer.from(auth, 'base64').toString()).toBe(`AWS:${registry.password}`);
  expect(await client.ping(basic(auth))).toBe(200);
  expect(await client.ping(null)).toBe(401);

  // buildah (and podman, skopeo) read the same file through REGISTRY_AUTH_FILE.
  const who = execFileSync('buildah', ['login', '--get-login', registry.host], {
    env: { ...process.env, REGISTRY_AUTH_FILE: run.exportedEnv.REGISTRY_AUTH_FILE },
  }).toString();
  expect(who.trim()).toBe('AWS');

  expect(run.outputs.username).toBeUndefined();
  expect(run.outputs.password).toBeUndefined();
  expect(run.summary).toContain('ECR login');
  expect(run.summary).toContain(registry.host);
  expectNoSecrets(run, [registry.password, auth]);

  const post = await runAction('ecr-login', { post: true, state: run.state, runnerTemp: run.runnerTemp });
  expect(post.code).toBe(0);
  expect(existsSync(dir)).toBe(false);
  expect(post.output).toContain(`Removed the Docker config ${dir}`);
});

test('export-credentials sets masked username and password outputs', async () => {
  const run = await login({ 'export-credentials': 'true' });
  expect(run.code).toBe(0);
  expect(run.outputs.username).toBe('AWS');
  expect(run.outputs.password).toBe(registry.password);
  expectNoSecrets(run, [registry.password, authOf(run, registry.host)]);
});

test('registries in two regions: one token per region, one auths entry per host', async () => {
  const run = await login(
    {
      registries: '111122223333.dkr.ecr.eu-west-1.amazonaws.com, 123456789012\n444455556666.dkr.ecr.eu-west-1.amazonaws.com',
    },
    {},
    plain,
  );
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(ecrState(plain.world).tokenRequests.slice(-2)).toEqual([
    { region: 'eu-west-1', registryIds: ['111122223333', '444455556666'] },
    { region: 'us-east-1', registryIds: ['123456789012'] },
  ]);
  const hosts = [
    '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
    '444455556666.dkr.ecr.eu-west-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  ];
  expect(JSON.parse(run.outputs.registries)).toEqual(hosts);
  expect(run.outputs.registry).toBe(hosts[0]);
  const config = JSON.parse(readFileSync(join(run.outputs['docker-config'], 'config.json'), 'utf8'));
  expect(Object.keys(config.auths)).toEqual(hosts);
  expect(plain.world.callCounts()).toEqual({ 'ecr.GetAuthorizationToken': 2 });
  const password = Buffer.from(config.auths[hosts[0]].auth, 'base64').toString().slice(4);
  expectNoSecrets(run, [password, config.auths[hosts[0]].auth]);
});

test('hosts alone need no region: it comes from the first host', async () => {
  const run = await login({ registries: '111122223333.dkr.ecr.ap-south-1.amazonaws.com' }, { AWS_REGION: '' }, plain);
  expect(run.errors).toEqual([]);
  expect(ecrState(plain.world).tokenRequests.at(-1)).toEqual({ region: 'ap-south-1', registryIds: ['111122223333'] });
});

test('logins to other registries in the config in effect are kept', async () => {
  const previous = mkdtempSync(join(tmpdir(), 'previous-docker-config-'));
  writeFileSync(join(previous, 'config.json'), JSON.stringify({ auths: { 'ghcr.io': { auth: 'dXNlcjp0b2tlbg==' } } }));
  const run = await login({}, { DOCKER_CONFIG: previous });
  expect(run.code).toBe(0);
  const config = JSON.parse(readFileSync(join(run.outputs['docker-config'], 'config.json'), 'utf8'));
  expect(Object.keys(config.auths).sort()).toEqual(['ghcr.io', registry.host].sort());
  // The line names the config the logins were copied from, not the one just written.
  expect(run.output).toContain(`Kept the logins to ghcr.io from ${join(previous, 'config.json')}`);
});

test('create-repository creates a missing repository with its settings, then leaves it alone', async () => {
  const inputs = {
    'create-repository': 'true',
    repository: 'team/api',
    'image-tag-mutability': 'immutable',
    'scan-on-push': 'false',
    'keep-last-images': '20',
  };
  const run = await login(inputs);
  expect(run.errors).toEqual([]);
  expect(run.outputs['repository-uri']).toBe(`${registry.host}/team/api`);
  const repo = ecrState(sim.world).repositories.get('123456789012/us-east-1/team/api');
  expect(repo).toMatchObject({ imageTagMutability: 'IMMUTABLE', scanOnPush: false });
  expect(JSON.parse(repo!.lifecyclePolicyText!).rules[0].selection.countNumber).toBe(20);
  expect(run.summary).toContain('created');

  sim.world.calls.clear();
  const again = await login({ ...inputs, 'image-tag-mutability': 'mutable', 'keep-last-images': '5' });
  expect(again.code).toBe(0);
  expect(again.output).toContain('Repository team/api exists');
  expect(sim.world.callCounts()['ecr.CreateRepository']).toBeUndefined();
  expect(sim.world.callCounts()['ecr.PutLifecyclePolicy']).toBeUndefined();
  expect(repo!.imageTagMutability).toBe('IMMUTABLE');
  expect(again.summary).toContain('already existed');
});

test('30% of calls throttled still logs in and creates the repository', async () => {
  setFaults(sim.world, { throttle: 0.3 });
  const run = await login({ 'create-repository': 'true', repository: 'team/throttled', 'keep-last-images': '3' });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(await client.ping(basic(authOf(run, registry.host)))).toBe(200);
  expect(ecrState(sim.world).repositories.get('123456789012/us-east-1/team/throttled')?.lifecyclePolicyText).toBeDefined();
  // The faults really met the run: the first call and about one in three after it were throttled.
  expect(sim.world.faultTally.injected.throttle).toBeGreaterThan(0);
  expect(sim.world.callCounts()['ecr.GetAuthorizationToken']).toBeGreaterThan(1);
});

test('ECR is reached through AWS_ENDPOINT_URL_ECR; requests name the toolkit and action', async () => {
  sim.world.callLog.length = 0;
  const run = await login({}, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_ECR: sim.url, AWS_MAX_ATTEMPTS: '2' });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(sim.world.callLog.map((call) => call.key)).toEqual(['ecr.GetAuthorizationToken']);
  expect(sim.world.callLog[0].userAgent).toMatch(/ecs-ship\/\d+\.\d+\.\d+ .*action\/ecr-login/);
});

test('an ECR failure is one line that says what failed', async () => {
  setFaults(sim.world, { throttle: 1 });
  const run = await login({}, { AWS_MAX_ATTEMPTS: '2' });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    "Could not get an ECR authorization token for the caller's registry in us-east-1: ThrottlingException: Rate exceeded",
  ]);
});

describe('bad inputs fail with one line naming the input, before any AWS call', () => {
  test.each<[Record<string, string>, RegExp]>([
    [{ registries: 'abc' }, /^Input "registries" has value "abc": expected AWS account IDs \(12 digits\) or ECR registry hosts/],
    [{ registries: '12345' }, /^Input "registries" has value "12345"/],
    [
      { registries: '111122223333.dkr.ecr.nowhere.amazonaws.com' },
      /^Input "registries" has value "111122223333\.dkr\.ecr\.nowhere\.amazonaws\.com"/,
    ],
    [{ registries: '123456789012, docker.io' }, /^Input "registries" has value "docker\.io"/],
    [{ 'export-credentials': 'maybe' }, /^Input "export-credentials" has value "maybe": expected true or false\.$/],
    [{ 'create-repository': 'please' }, /^Input "create-repository" has value "please": expected true or false\.$/],
    [{ 'create-repository': 'true' }, /^Input "repository" is required when create-repository is true\.$/],
    [
      { 'create-repository': 'true', repository: 'Team/API!' },
      /^Input "repository" has value "Team\/API!": expected an ECR repository name/,
    ],
    [
      { 'create-repository': 'true', repository: 'a/b', 'image-tag-mutability': 'frozen' },
      /^Input "image-tag-mutability" has value "frozen": expected one of mutable, immutable\.$/,
    ],
    [
      { 'create-repository': 'true', repository: 'a/b', 'keep-last-images': '0' },
      /^Input "keep-last-images" has value "0": expected an integer from 1 to 10000\.$/,
    ],
    [{ 'create-repository': 'true', repository: 'a/b', 'keep-last-images': 'ten' }, /^Input "keep-last-images" has value "ten"/],
    [{ 'create-repository': 'true', repository: 'a/b', 'scan-on-push': 'sometimes' }, /^Input "scan-on-push" has value "sometimes"/],
    [{ repository: 'team/api' }, /^Input "repository" is only used with create-repository: true\.$/],
    [{ 'keep-last-images': '10' }, /^Input "keep-last-images" is only used with create-repository: true\.$/],
    [{ 'aws-region': 'mars' }, /^Input "aws-region" has value "mars": expected an AWS region name/],
    [{ 'role-to-assume': 'deployer' }, /^Input "role-to-assume" has value "deployer"/],
    // A role of the China partition cannot be assumed through eu-west-1's STS.
    [
      { 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/deploy', 'aws-region': 'eu-west-1' },
      /^Input "role-to-assume" has value "arn:aws-cn:iam::123456789012:role\/deploy": expected an ARN of partition aws, the partition of region eu-west-1/,
    ],
  ])('%j', async (inputs, message) => {
    const run = await login(inputs);
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(run.errors[0]).not.toContain('\n');
    expect(sim.world.callCounts()).toEqual({});
    expect(run.exportedEnv).toEqual({});
  });
});

test('the post step without state does nothing and succeeds', async () => {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-post-'));
  mkdirSync(join(runnerTemp, 'keep'));
  const post = await runAction('ecr-login', { post: true, runnerTemp });
  expect(post.code).toBe(0);
  expect(existsSync(join(runnerTemp, 'keep'))).toBe(true);
});
