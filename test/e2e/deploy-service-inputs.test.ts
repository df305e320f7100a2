import { startSimulator, type Simulator } from '../aws-sim/server.js';
import { env, taskDefinition, writeTaskDefinition } from './deploy-service-fixtures.js';
import { runAction } from './run-action.js';

let sim: Simulator;
let file: string;
beforeAll(async () => {
  sim = await startSimulator();
  file = writeTaskDefinition(taskDefinition('api', 'repo/app:1'));
});
afterAll(() => sim.stop());
beforeEach(() => sim.world.calls.clear());

const API_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/prod/api';
const ok = () => ({ cluster: 'prod', service: 'api', 'task-definition': file });

const cases: Array<[string, Record<string, string | undefined>, string | RegExp]> = [
  [
    'a timeout that is not a duration',
    { timeout: 'soon' },
    'Input "timeout" has value "soon": expected a duration such as 90s, 10m or 1h30m.',
  ],
  [
    'a poll interval too short',
    { 'poll-interval': '10ms' },
    'Input "poll-interval" has value "10ms": expected a duration from 250ms to 5m, such as 3s.',
  ],
  ['a negative desired count', { 'desired-count': '-1' }, 'Input "desired-count" has value "-1": expected an integer from 0 to 5000.'],
  ['wait that is not a boolean', { wait: 'maybe' }, 'Input "wait" has value "maybe": expected true or false.'],
  [
    'rollback-on-failure that is not a boolean',
    { 'rollback-on-failure': 'perhaps' },
    'Input "rollback-on-failure" has value "perhaps": expected true or false.',
  ],
  [
    'a task definition file that does not exist',
    { 'task-definition': 'missing/api.json' },
    'Input "task-definition" has value "missing/api.json": expected an existing task definition file (no such file).',
  ],
  [
    'both task-definition and task-definition-arn',
    { 'task-definition-arn': 'api:3' },
    'Inputs "task-definition" and "task-definition-arn" exclude each other: set one of them.',
  ],
  [
    'a task-definition-arn that is not one',
    { 'task-definition': undefined, 'task-definition-arn': 'api:three' },
    'Input "task-definition-arn" has value "api:three": expected a task definition ARN or family:revision.',
  ],
  [
    'services together with service',
    { services: `worker=${'api:3'}` },
    'Inputs "services" and "service" exclude each other: list every service in "services".',
  ],
  [
    'a services line without "="',
    { service: undefined, 'task-definition': undefined, services: 'worker' },
    'Input "services" has value "worker": expected KEY=value lines.',
  ],
  [
    'a service without a task definition',
    { 'task-definition': undefined },
    'Input required and not supplied: task-definition (a rendered file) or task-definition-arn',
  ],
  ['a cluster name with spaces', { cluster: 'my cluster' }, 'Input "cluster" has value "my cluster": expected a cluster name or ARN.'],
  [
    'a role that is not an ARN',
    { 'role-to-assume': 'deploy' },
    'Input "role-to-assume" has value "deploy": expected an IAM role ARN such as arn:aws:iam::123456789012:role/deploy.',
  ],
  [
    'a session shorter than STS allows',
    { 'role-duration-seconds': '60' },
    'Input "role-duration-seconds" has value "60": expected an integer from 900 to 43200.',
  ],
  [
    'a region that is not one',
    { 'aws-region': 'moon' },
    'Input "aws-region" has value "moon": expected an AWS region name such as eu-west-1.',
  ],
  [
    'the same service on two services lines',
    { service: undefined, 'task-definition': undefined, services: 'api=api:3\nworker=worker:2\napi=api:4' },
    'Input "services" has value "api=api:4": expected each service on one line only (api is listed twice).',
  ],
  [
    'a service in services by name and by ARN',
    { service: undefined, 'task-definition': undefined, services: `api=api:3\n${API_ARN}=api:3` },
    `Input "services" has value "${API_ARN}=api:3": expected each service on one line only (api is listed twice).`,
  ],
];

test.each(cases)('%s fails with one line and no AWS call', async (_name, inputs, message) => {
  const run = await runAction('deploy-service', { env: env(sim), inputs: { ...ok(), ...inputs } });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([message]);
  expect(visibleStackFrames(run.output)).toEqual([]);
  expect(sim.world.callCounts()).toEqual({});
});

/**
 * Stack frames a user would see: anywhere in stdout or stderr, inside annotations too (the runner
 * shows `%0A` as a line break). Only `::debug::` lines may hold the stack (hidden unless debug).
 */
function visibleStackFrames(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => !line.startsWith('::debug::'))
    .flatMap((line) => line.split(/%0A|%0D/))
    .filter((line) => /^\s*at .+:\d+:\d+\)?\s*$/.test(line));
}

test('visibleStackFrames finds a stack printed plainly, on stderr or in an annotation, and ignores debug lines', () => {
  const stack = 'Error: boom\n    at readInputs (file:///a/dist/index.js:1:234)\n    at async run (node:internal/x:5:7)';
  expect(visibleStackFrames(`hello\n${stack}\n`)).toHaveLength(2);
  expect(visibleStackFrames(`::warning::${stack.replace(/\n/g, '%0A')}\n`)).toHaveLength(2);
  expect(visibleStackFrames(`::debug::${stack.replace(/\n/g, '%0A')}\n::error::boom\n`)).toEqual([]);
});

test('the bundle with no inputs asks for the cluster', async () => {
  const run = await runAction('deploy-service', { env: env(sim) });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual(['Input required and not supplied: cluster']);
  expect(visibleStackFrames(run.output)).toEqual([]);
  expect(sim.world.callCounts()).toEqual({});
});
