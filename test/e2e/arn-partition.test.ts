import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { fargateTaskDefinition } from './deploy-service-fixtures.js';
import { runAction } from './run-action.js';

/**
 * Issue 7 finding 13: an ARN of another partition than the region's (arn:aws-cn:... with
 * eu-west-1) is refused before any call, with one line naming the input; an ARN of the region's own
 * partition (arn:aws-us-gov:... with us-gov-west-1) goes on to AWS.
 */
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => sim.world.calls.clear());

const CN = 'arn:aws-cn:ecs:cn-north-1:123456789012';
const deploy = { cluster: 'prod', service: 'api', 'task-definition-arn': 'api:3', wait: 'false', 'aws-region': 'eu-west-1' };
// The workspace of these runs: files are read only inside it.
const workspace = mkdtempSync(join(tmpdir(), 'arn-partition-'));
const template = join(workspace, 'taskdef.json');
writeFileSync(template, JSON.stringify(fargateTaskDefinition({ family: 'api', image: 'shop:1' })));
const render = { 'task-definition': template, image: 'shop:2', 'aws-region': 'eu-west-1' };
const ROLE = 'arn:aws-cn:iam::123456789012:role/app';
const migrate = { cluster: 'prod', 'task-definition': 'migrate:1', subnets: 'subnet-0123abcd', 'aws-region': 'eu-west-1' };
const expected = (input: string, value: string) =>
  `Input "${input}" has value "${value}": expected an ARN of partition aws, the partition of region eu-west-1 (arn:aws:...), not aws-cn.`;

test.each<[string, Record<string, string>, string, string]>([
  ['deploy-service', { ...deploy, cluster: `${CN}:cluster/prod` }, 'cluster', `${CN}:cluster/prod`],
  ['deploy-service', { ...deploy, service: `${CN}:service/prod/api` }, 'service', `${CN}:service/prod/api`],
  [
    'deploy-service',
    { ...deploy, 'task-definition-arn': `${CN}:task-definition/api:3` },
    'task-definition-arn',
    `${CN}:task-definition/api:3`,
  ],
  [
    'deploy-service',
    { ...deploy, 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/deploy' },
    'role-to-assume',
    'arn:aws-cn:iam::123456789012:role/deploy',
  ],
  ['render-taskdef', { ...render, 'task-role-arn': ROLE }, 'task-role-arn', ROLE],
  ['render-taskdef', { ...render, 'execution-role-arn': ROLE }, 'execution-role-arn', ROLE],
  ['run-migration', { ...migrate, cluster: `${CN}:cluster/prod` }, 'cluster', `${CN}:cluster/prod`],
  [
    'run-migration',
    { ...migrate, 'task-definition': `${CN}:task-definition/migrate:1` },
    'task-definition',
    `${CN}:task-definition/migrate:1`,
  ],
  ['run-migration', { ...migrate, service: `${CN}:service/prod/api` }, 'service', `${CN}:service/prod/api`],
])('%s refuses %j before any call', async (action, inputs, input, value) => {
  const run = await runAction(action, { env: simulatorEnv(sim, 'eu-west-1'), inputs, cwd: workspace, timeoutMs: 30_000 });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expected(input, value)]);
  expect(sim.world.callCounts()).toEqual({});
});

test("an ARN of the region's own partition is not refused", async () => {
  const cluster = 'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod';
  const run = await runAction('deploy-service', {
    env: simulatorEnv(sim, 'us-gov-west-1'),
    inputs: { ...deploy, cluster, 'aws-region': 'us-gov-west-1' },
    timeoutMs: 30_000,
  });
  // It reaches ECS (which has no such cluster here): no input error.
  expect(run.errors.join('\n')).not.toMatch(/^Input /m);
  expect(Object.keys(sim.world.callCounts()).length).toBeGreaterThan(0);
});
