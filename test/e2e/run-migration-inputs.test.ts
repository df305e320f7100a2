import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { awsWorld, createCluster, fargateTaskDefinition, registerFamily } from '../fixtures/aws-world.js';
import { runAction } from './run-action.js';

/**
 * Bad inputs to run-migration: each fails the step with one line naming the input, quoting the
 * value and saying what was expected, and nothing in the account changes: no mutating call
 * (anything but Describe/List/Get: no RegisterTaskDefinition, RunTask, TagResource...) reaches
 * the simulator, also for the mistakes only AWS can reveal (a missing cluster or service).
 */
const REGION = 'us-east-1';
let sim: Simulator;
let env: Record<string, string>;
/** The files live in the runner's temp directory, where render-taskdef writes (the action reads files only there and in the workspace). */
const dir = mkdtempSync(join(tmpdir(), 'run-migration-inputs-'));
const brokenFile = join(dir, 'broken.json');
const noFamilyFile = join(dir, 'no-family.json');
/**
 * Stands for a rendered file of a family of its own, written afresh for each case: running it
 * would register it first (so no earlier case's registration can hide a later one's).
 */
const RENDERED = '<rendered file>';
let renderedFiles = 0;
function renderedFile(): string {
  const path = join(dir, `rendered-${++renderedFiles}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      family: `shop-rendered-${renderedFiles}`,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'migrate', image: 'shop:2', essential: true }],
    }),
  );
  return path;
}
writeFileSync(brokenFile, '{"family": "shop",');
writeFileSync(noFamilyFile, '{"containerDefinitions": [{"name": "app"}]}');

/** Calls that change something in the account, by operation (reads are Describe*, List*, Get*). */
function mutatingCalls(): Record<string, number> {
  return Object.fromEntries(Object.entries(sim.world.callCounts()).filter(([key]) => !/^\w+\.(Describe|List|Get)/.test(key)));
}

beforeAll(async () => {
  sim = await startSimulator();
  env = simulatorEnv(sim, REGION);
  const world = awsWorld(sim, REGION);
  await createCluster(world, 'shop');
  // EC2 only: ECS finds a bridge-mode definition compatible with EC2 alone.
  await registerFamily(world, {
    family: 'shop-ec2',
    networkMode: 'bridge',
    containerDefinitions: [{ name: 'migrate', image: 'shop:1', memory: 256, essential: true }],
  });
  await registerFamily(world, fargateTaskDefinition({ family: 'shop-migrate', image: 'shop:1', container: { name: 'migrate' } }));
});
afterAll(() => sim.stop());

const base = { cluster: 'shop', 'task-definition': 'shop-migrate', subnets: 'subnet-0123abcd' };

const cases: Array<[string, Record<string, string>, string]> = [
  ['timeout', { timeout: 'soon' }, 'Input "timeout" has value "soon": expected a duration such as 90s, 10m or 1h30m.'],
  ['assign-public-ip', { 'assign-public-ip': 'maybe' }, 'Input "assign-public-ip" has value "maybe": expected true or false.'],
  [
    'launch-type',
    { 'launch-type': 'LAMBDA' },
    'Input "launch-type" has value "LAMBDA": expected one of FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES.',
  ],
  [
    'capacity-provider-strategy',
    { 'capacity-provider-strategy': 'FARGATE_SPOT:x' },
    'Input "capacity-provider-strategy" has value "FARGATE_SPOT:x": expected capacity providers as provider[:weight[:base]] items (FARGATE_SPOT:1, FARGATE:1:1) or a JSON array.',
  ],
  [
    'launch-type with a strategy',
    { 'launch-type': 'FARGATE', 'capacity-provider-strategy': 'FARGATE_SPOT' },
    'Inputs "launch-type" and "capacity-provider-strategy" exclude each other: set one of them.',
  ],
  [
    'command',
    { command: 'bin/migrate "up' },
    'Input "command" has value "bin/migrate "up": expected shell words with matching quotes (unclosed ").',
  ],
  ['command JSON', { command: '["bin/migrate", 3]' }, 'Input "command" has value "["bin/migrate", 3]": expected a JSON array of strings.'],
  ['environment', { environment: 'DATABASE_URL' }, 'Input "environment" has value "DATABASE_URL": expected KEY=value lines.'],
  [
    'tags',
    { tags: 'aws:owner=me' },
    'Input "tags" has value "aws:owner=me": expected KEY=value lines with AWS tag keys and values (keys not starting with aws:).',
  ],
  ['subnets', { subnets: 'public-a' }, 'Input "subnets" has value "public-a": expected subnet IDs such as subnet-0123abcd.'],
  [
    'security-groups without subnets',
    { subnets: '', 'security-groups': 'sg-0123abcd' },
    'Input "security-groups" needs "subnets" (or "service" to copy the network from).',
  ],
  [
    'started-by',
    { 'started-by': 'my migration' },
    'Input "started-by" has value "my migration": expected up to 128 letters, digits, hyphens, underscores or slashes.',
  ],
  [
    'platform-version',
    { 'platform-version': 'newest' },
    'Input "platform-version" has value "newest": expected LATEST or a version such as 1.4.0.',
  ],
  [
    'task-definition missing file',
    { 'task-definition': 'ecs/migrate.json' },
    'Input "task-definition" has value "ecs/migrate.json": expected an existing task definition file (no such file).',
  ],
  [
    'task-definition bad reference',
    { 'task-definition': 'shop migrate' },
    'Input "task-definition" has value "shop migrate": expected a task definition JSON file, an ARN or family:revision.',
  ],
  [
    'task-definition without family',
    { 'task-definition': noFamilyFile },
    `Input "task-definition" has value "${noFamilyFile}": expected a task definition JSON file with a "family".`,
  ],
  ['cluster', { cluster: 'shop cluster' }, 'Input "cluster" has value "shop cluster": expected a cluster name or ARN.'],
  ['service syntax', { service: 'my api' }, 'Input "service" has value "my api": expected a service name or ARN.'],
  [
    'command []',
    { command: '[]' },
    `Input "command" has value "[]": expected a command of at least one word, or no "command" to run the image's own.`,
  ],
  [
    'command [""]',
    { command: '[""]' },
    `Input "command" has value "[""]": expected a command of at least one word, or no "command" to run the image's own.`,
  ],
  [
    'command ""',
    { command: '""' },
    `Input "command" has value """": expected a command of at least one word, or no "command" to run the image's own.`,
  ],
  ['aws-region', { 'aws-region': 'moon' }, 'Input "aws-region" has value "moon": expected an AWS region name such as eu-west-1.'],
  [
    'role-to-assume',
    { 'role-to-assume': 'deploy' },
    'Input "role-to-assume" has value "deploy": expected an IAM role ARN such as arn:aws:iam::123456789012:role/deploy.',
  ],
  // These need AWS to know they are wrong, and still start nothing.
  [
    'container',
    { container: 'web' },
    'Input "container" has value "web": expected a container of task definition shop-migrate:1 (migrate).',
  ],
  [
    'service',
    { service: 'nope' },
    'Input "service" has value "nope": expected an active service of cluster shop to copy the network from (MISSING).',
  ],
  [
    'missing cluster',
    { cluster: 'elsewhere' },
    'Input "cluster" has value "elsewhere": expected an ACTIVE cluster of us-east-1 (MISSING).',
  ],
  [
    'missing cluster, rendered file',
    { cluster: 'elsewhere', 'task-definition': RENDERED },
    'Input "cluster" has value "elsewhere": expected an ACTIVE cluster of us-east-1 (MISSING).',
  ],
  [
    'container, rendered file',
    { container: 'web', 'task-definition': RENDERED },
    `Input "container" has value "web": expected a container of task definition file ${RENDERED} (migrate).`,
  ],
  [
    'service, rendered file',
    { service: 'nope', 'task-definition': RENDERED },
    'Input "service" has value "nope": expected an active service of cluster shop to copy the network from (MISSING).',
  ],
  [
    'subnets, rendered file',
    { subnets: 'public-a', 'task-definition': RENDERED },
    'Input "subnets" has value "public-a": expected subnet IDs such as subnet-0123abcd.',
  ],
  [
    'awsvpc without a network, rendered file',
    { subnets: '', 'task-definition': RENDERED },
    `Task definition file ${RENDERED} uses networkMode awsvpc: set "service" to copy its network configuration, or "subnets" and "security-groups".`,
  ],
  [
    'a capacity provider the cluster lacks, rendered file',
    { 'capacity-provider-strategy': 'FARGATE_SPOT', 'task-definition': RENDERED },
    'Input "capacity-provider-strategy" has value "FARGATE_SPOT": expected capacity providers of cluster shop (it has none).',
  ],
  [
    'launch type the task definition cannot use',
    { 'task-definition': 'shop-ec2', subnets: '', 'launch-type': 'FARGATE' },
    'Task definition shop-ec2:1 cannot run on Fargate (it is compatible with EC2), where input "launch-type" runs it.',
  ],
  [
    'subnets for a bridge-mode task definition',
    { 'task-definition': 'shop-ec2' },
    'Task definition shop-ec2:1 uses networkMode bridge, which takes no subnets or security groups (given by input "subnets"): use an awsvpc task definition or leave them out.',
  ],
  [
    'task-definition unknown',
    { 'task-definition': 'shop-other:7' },
    expect.stringMatching(/^Input "task-definition" has value "shop-other:7": expected a registered task definition \(.+\)\.$/) as any,
  ],
  [
    'awsvpc without a network',
    { subnets: '' },
    'Task definition shop-migrate:1 uses networkMode awsvpc: set "service" to copy its network configuration, or "subnets" and "security-groups".',
  ],
];

test.each(cases)('bad %s: one line, nothing changed in AWS', async (_name, inputs, message) => {
  const file = inputs['task-definition'] === RENDERED ? renderedFile() : undefined;
  const before = mutatingCalls();
  const result = await runAction('run-migration', {
    env,
    runnerTemp: dir,
    inputs: { ...base, ...inputs, ...(file ? { 'task-definition': file } : {}) },
  });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([file && typeof message === 'string' ? message.replace(RENDERED, file) : message]);
  expect(result.output).not.toMatch(/\n\s+at /);
  expect(mutatingCalls()).toEqual(before);
});

test('a broken task definition file names the JSON error', async () => {
  const result = await runAction('run-migration', { env, runnerTemp: dir, inputs: { ...base, 'task-definition': brokenFile } });
  expect(result.errors).toEqual([
    `Input "task-definition" ("${brokenFile}"): JSON error at line 1, column 19: expected a quoted key, found the end of the file.`,
  ]);
});

test('no inputs at all: the first required one is named', async () => {
  const before = mutatingCalls();
  const result = await runAction('run-migration', { env });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual(['Input required and not supplied: cluster']);
  expect(mutatingCalls()).toEqual(before);
});
