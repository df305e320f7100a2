import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { runAction } from './run-action.js';

/**
 * Bad inputs to run-migration: each fails the step with one line naming the input, quoting the
 * value and saying what was expected, and nothing is started (no RunTask reaches the simulator).
 */
const REGION = 'us-east-1';
let sim: Simulator;
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'run-migration-inputs-'));
const brokenFile = join(dir, 'broken.json');
const noFamilyFile = join(dir, 'no-family.json');
writeFileSync(brokenFile, '{"family": "shop",');
writeFileSync(noFamilyFile, '{"containerDefinitions": [{"name": "app"}]}');

beforeAll(async () => {
  sim = await startSimulator();
  env = simulatorEnv(sim, REGION);
  const ecs = new ECSClient({ region: REGION, endpoint: sim.url, credentials: { accessKeyId: 'AKIASIMULATOR0000001', secretAccessKey: 'x' } });
  await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'shop-migrate',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'migrate', image: 'shop:1', essential: true }],
    }),
  );
});
afterAll(() => sim.stop());

const base = { cluster: 'shop', 'task-definition': 'shop-migrate', subnets: 'subnet-0123abcd' };

const cases: Array<[string, Record<string, string>, string]> = [
  ['timeout', { timeout: 'soon' }, 'Input "timeout" has value "soon": expected a duration such as 90s, 10m or 1h30m.'],
  ['assign-public-ip', { 'assign-public-ip': 'maybe' }, 'Input "assign-public-ip" has value "maybe": expected true or false.'],
  ['launch-type', { 'launch-type': 'LAMBDA' }, 'Input "launch-type" has value "LAMBDA": expected one of FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES.'],
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
  ['command', { command: 'bin/migrate "up' }, 'Input "command" has value "bin/migrate "up": expected shell words with matching quotes (unclosed ").'],
  ['command JSON', { command: '["bin/migrate", 3]' }, 'Input "command" has value "["bin/migrate", 3]": expected a JSON array of strings.'],
  ['environment', { environment: 'DATABASE_URL' }, 'Input "environment" has value "DATABASE_URL": expected KEY=value lines.'],
  ['tags', { tags: 'aws:owner=me' }, 'Input "tags" has value "aws:owner=me": expected KEY=value lines with AWS tag keys and values (keys not starting with aws:).'],
  ['subnets', { subnets: 'public-a' }, 'Input "subnets" has value "public-a": expected subnet IDs such as subnet-0123abcd.'],
  [
    'security-groups without subnets',
    { subnets: '', 'security-groups': 'sg-0123abcd' },
    'Input "security-groups" needs "subnets" (or "service" to copy the network from).',
  ],
  ['started-by', { 'started-by': 'my migration' }, 'Input "started-by" has value "my migration": expected up to 128 letters, digits, hyphens, underscores or slashes.'],
  ['platform-version', { 'platform-version': 'newest' }, 'Input "platform-version" has value "newest": expected LATEST or a version such as 1.4.0.'],
  ['task-definition missing file', { 'task-definition': 'ecs/migrate.json' }, 'Input "task-definition" has value "ecs/migrate.json": expected an existing task definition file (no such file).'],
  ['task-definition bad reference', { 'task-definition': 'shop migrate' }, 'Input "task-definition" has value "shop migrate": expected a task definition JSON file, an ARN or family:revision.'],
  ['task-definition without family', { 'task-definition': noFamilyFile }, `Input "task-definition" has value "${noFamilyFile}": expected a task definition JSON file with a "family".`],
  ['aws-region', { 'aws-region': 'moon' }, 'AWS region "moon" is not a region name: expected something like eu-west-1.'],
  ['role-to-assume', { 'role-to-assume': 'deploy' }, 'Input "role-to-assume" has value "deploy": expected an IAM role ARN such as arn:aws:iam::123456789012:role/deploy.'],
  // These need AWS to know they are wrong, and still start nothing.
  ['container', { container: 'web' }, 'Input "container" has value "web": expected a container of task definition shop-migrate:1 (migrate).'],
  ['service', { service: 'nope' }, 'Input "service" has value "nope": expected an active service of cluster shop to copy the network from (MISSING).'],
  ['task-definition unknown', { 'task-definition': 'shop-other:7' }, expect.stringMatching(/^Input "task-definition" has value "shop-other:7": expected a registered task definition \(.+\)\.$/) as any],
  [
    'awsvpc without a network',
    { subnets: '' },
    'Task definition shop-migrate:1 uses networkMode awsvpc: set "service" to copy its network configuration, or "subnets" and "security-groups".',
  ],
];

test.each(cases)('bad %s: one line, nothing started', async (_name, inputs, message) => {
  const before = sim.world.calls.get('ecs.RunTask') ?? 0;
  const result = await runAction('run-migration', { env, inputs: { ...base, ...inputs } });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([message]);
  expect(result.output).not.toMatch(/\n\s+at /);
  expect(sim.world.calls.get('ecs.RunTask') ?? 0).toBe(before);
});

test('a broken task definition file names the JSON error', async () => {
  const result = await runAction('run-migration', { env, inputs: { ...base, 'task-definition': brokenFile } });
  expect(result.errors).toEqual([expect.stringMatching(new RegExp(`^Input "task-definition" has value "${brokenFile}": expected a task definition JSON file \\(.+\\)\\.$`))]);
});

test('no inputs at all: the first required one is named', async () => {
  const result = await runAction('run-migration', { env });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual(['Input required and not supplied: cluster']);
  expect(sim.world.calls.get('ecs.RunTask') ?? 0).toBe(0);
});
