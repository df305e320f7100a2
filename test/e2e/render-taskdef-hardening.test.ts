import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setModes } from '../aws-sim/control.js';
import { simulatorClientConfig, simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { putSecret } from '../aws-sim/services/secretsmanager/state.js';
import { putParameter } from '../aws-sim/services/ssm/state.js';
import { runAction, type ActionRun } from './run-action.js';

/**
 * render-taskdef against documents nobody here wrote (issue 7, findings 11 and 12): keys ECS does
 * not define, ECS's own registration rules, parse errors and encodings, placeholders, and secrets
 * found through an emulator that omits ARNs or given as ARNs of another region. Every refusal is
 * one line naming the JSON path, before any AWS call; every rule refused here is refused by the
 * simulator's RegisterTaskDefinition too (ECS's own message), so no rule is stricter than ECS.
 */

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:2.0.0';
const EXEC_ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const ROOT = resolve(import.meta.dirname, '..', '..');

let sim: Simulator;
let dir: string;
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const json = (name: string, document: unknown) => file(name, JSON.stringify(document, null, 2));

beforeAll(async () => {
  sim = await startSimulator();
  // Inside the workspace (GITHUB_WORKSPACE is the repository in these runs): task definitions
  // outside it are refused (finding 10).
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'render-taskdef-hardening-'));
});
afterAll(() => sim.stop());
beforeEach(() => sim.world.calls.clear());

const render = (inputs: Record<string, string | undefined>, env: Record<string, string> = {}) =>
  runAction('render-taskdef', { inputs, env: { ...simulatorEnv(sim), ...env } });
const renderedFile = (run: ActionRun) => JSON.parse(readFileSync(run.outputs['task-definition'], 'utf8'));
/** ::warning:: lines as a person reads them (the workflow command escapes "%" as %25). */
const warnings = (run: ActionRun) =>
  run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning'))
    .map((line) => line.replace(/%0A/g, '\n').replace(/%25/g, '%'));

function expectRefusedBeforeAnyCall(run: ActionRun, pattern: RegExp): void {
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(pattern);
  expect(run.errors[0]).not.toContain('\n');
  expect(run.code).toBe(1);
  expect(run.outputs['task-definition']).toBeUndefined();
  expect(run.output).not.toMatch(/\n\s+at /); // no stack trace
  expect(sim.world.callCounts()).toEqual({});
}

const fargate = (container: Record<string, unknown>, task: Record<string, unknown> = {}) => ({
  family: 'shop-api',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: EXEC_ROLE,
  ...task,
  containerDefinitions: [{ name: 'api', image: 'placeholder', essential: true, ...container }],
});

describe('finding 11a: keys ECS does not define', () => {
  test('typos are refused with their JSON path and the nearest valid name, at any depth', async () => {
    const path = json('typos.json', {
      ...fargate({
        healthcheck: { command: ['CMD', 'true'] },
        portMapping: [{ containerPort: 80 }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'p' },
        },
      }),
      volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemID: 'fs-12345678' } }],
    });
    const run = await render({ 'task-definition': path, image: IMAGE });
    expectRefusedBeforeAnyCall(run, /containerDefinitions\[0\]\.healthcheck: not a task definition field \(did you mean "healthCheck"\?\)/);
    expect(run.errors[0]).toMatch(/containerDefinitions\[0\]\.portMapping: not a task definition field \(did you mean "portMappings"\?\)/);
    expect(run.errors[0]).toMatch(
      /volumes\[0\]\.efsVolumeConfiguration\.fileSystemID: not a task definition field \(did you mean "fileSystemId"\?\)/,
    );
  });

  test('a nested typo inside a list of structures is found (portMappings[0].containerport)', async () => {
    const path = json('nested.json', fargate({ portMappings: [{ containerport: 80 }] }));
    const run = await render({ 'task-definition': path, image: IMAGE });
    expectRefusedBeforeAnyCall(
      run,
      /containerDefinitions\[0\]\.portMappings\[0\]\.containerport: not a task definition field \(did you mean "containerPort"\?\)/,
    );
  });

  test('x- keys (where YAML anchors live) are allowed and dropped; map keys (dockerLabels, options) are free', async () => {
    const path = file(
      'anchors.yaml',
      [
        'x-common-env: &env',
        '  - {name: STAGE, value: prod}',
        'family: shop-yaml',
        'networkMode: awsvpc',
        'requiresCompatibilities: [FARGATE]',
        'cpu: "256"',
        'memory: "512"',
        'containerDefinitions:',
        '  - name: api',
        '    image: placeholder',
        '    x-note: "kept out of the rendered file"',
        '    environment: *env',
        '    dockerLabels: {x-team: shop, anyLabel: "1"}',
        '',
      ].join('\n'),
    );
    const run = await render({ 'task-definition': path, image: IMAGE });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const doc = renderedFile(run);
    expect(doc).not.toHaveProperty('x-common-env');
    expect(doc.containerDefinitions[0]).toEqual({
      name: 'api',
      image: IMAGE,
      environment: [{ name: 'STAGE', value: 'prod' }],
      dockerLabels: { 'x-team': 'shop', anyLabel: '1' },
    });
  });
});

/** Each rule: the document, the path the one-line error names, and what ECS (the simulator) answers to the same document. */
const ECS_RULES: Array<[string, Record<string, any>, RegExp, string]> = [
  [
    'container cpu adding up to more than the task cpu',
    {
      ...fargate({ cpu: 200 }),
      containerDefinitions: [
        { name: 'api', image: IMAGE, cpu: 200 },
        { name: 'sidecar', image: 'fluent-bit:2', cpu: 100, essential: false },
      ],
    },
    /containerDefinitions\[\]\.cpu: the containers' cpu adds up to 300, more than the task's cpu 256/,
    "ClientException: The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.",
  ],
  [
    'memoryReservation adding up to more than the task memory',
    {
      ...fargate({}),
      containerDefinitions: [
        { name: 'api', image: IMAGE, memoryReservation: 300 },
        { name: 'sidecar', image: 'fluent-bit:2', memoryReservation: 300, essential: false },
      ],
    },
    /containerDefinitions\[\]\.memoryReservation: the containers' memoryReservation adds up to 600 MiB, more than the task's memory 512/,
    "ClientException: The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.",
  ],
  [
    'secrets without executionRoleArn',
    {
      ...fargate({ image: IMAGE, secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' }] }),
      executionRoleArn: undefined,
    },
    /executionRoleArn: missing; containerDefinitions\[0\]\.secrets need an execution role to be read/,
    "ClientException: When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
  ],
  [
    'repositoryCredentials without executionRoleArn',
    {
      ...fargate({
        image: 'ghcr.io/acme/api:1',
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ghcr-AbCdEf' },
      }),
      executionRoleArn: undefined,
    },
    /executionRoleArn: missing; containerDefinitions\[0\]\.repositoryCredentials need an execution role/,
    'ClientException: Private repository authentication requires that the task definition specify a value for executionRoleArn.',
  ],
  [
    'a task role that is the ARN of a user',
    fargate({ image: IMAGE }, { taskRoleArn: 'arn:aws:iam::123456789012:user/deployer' }),
    /taskRoleArn: "arn:aws:iam::123456789012:user\/deployer" is not an IAM role name or role ARN/,
    'ClientException: Role is not valid',
  ],
  [
    'an execution role whose account ID is a placeholder',
    fargate({ image: IMAGE }, { executionRoleArn: 'arn:aws:iam::XXXXXXXXXXXX:role/ecsTaskExecutionRole' }),
    /executionRoleArn: "arn:aws:iam::XXXXXXXXXXXX:role\/ecsTaskExecutionRole" is not an IAM role name or role ARN/,
    'ClientException: Role is not valid',
  ],
  [
    'awslogs without awslogs-stream-prefix on Fargate',
    fargate({
      image: IMAGE,
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop', 'awslogs-region': 'us-east-1' } },
    }),
    /containerDefinitions\[0\]\.logConfiguration\.options: Fargate needs "awslogs-stream-prefix" for the awslogs log driver/,
    'ClientException: Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs.',
  ],
  [
    'a document over the 64 KiB request limit',
    fargate({ image: IMAGE, environment: Array.from({ length: 70 }, (_, i) => ({ name: `BIG_${i}`, value: 'x'.repeat(1000) })) }),
    /\(document\): \d+ bytes as JSON; ECS takes at most 65536 \(64 KiB\)/,
    'ClientException: ',
  ],
];

describe('finding 11b: ECS rules checked before any call, as ECS checks them at registration', () => {
  test.each(ECS_RULES)('%s', async (name, document, expected, ecsAnswer) => {
    const path = json(`rule-${name.replace(/\W+/g, '-')}.json`, document);
    const run = await render({ 'task-definition': path });
    expectRefusedBeforeAnyCall(run, expected);
    // ECS refuses the same document at registration: the rule is ECS's, not a stricter one of ours.
    const ecs = new ECSClient(simulatorClientConfig(sim));
    const direct = await ecs.send(new RegisterTaskDefinitionCommand(document as any)).then(
      () => 'accepted',
      (e: Error) => `${e.name}: ${e.message}`,
    );
    expect(direct.startsWith(ecsAnswer)).toBe(true);
  });

  test('what ECS accepts is not refused: role names, hard memory limits above the task memory in sum, stream prefix on EC2', async () => {
    const document = {
      family: 'shop-ec2',
      requiresCompatibilities: ['EC2'],
      memory: '512',
      taskRoleArn: 'shop-api-task-role',
      executionRoleArn: 'ecsTaskExecutionRole',
      containerDefinitions: [
        {
          name: 'api',
          image: IMAGE,
          memory: 400,
          memoryReservation: 200,
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } },
        },
        { name: 'sidecar', image: 'fluent-bit:2', memory: 400, memoryReservation: 200, essential: false },
      ],
    };
    const run = await render({ 'task-definition': json('accepted.json', document) });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const ecs = new ECSClient(simulatorClientConfig(sim));
    await expect(ecs.send(new RegisterTaskDefinitionCommand(renderedFile(run)))).resolves.toBeDefined();
  });
});

test('finding 11b: what ECS registers but a task cannot start with is a warning, not a refusal (awslogs without a log group)', async () => {
  const document = fargate({
    image: IMAGE,
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'api' } },
  });
  const run = await render({ 'task-definition': json('no-log-group.json', document) });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(warnings(run).join('\n')).toContain(
    'containerDefinitions[0].logConfiguration.options has no "awslogs-group": ECS registers it, but the container will not start',
  );
  const ecs = new ECSClient(simulatorClientConfig(sim));
  await expect(ecs.send(new RegisterTaskDefinitionCommand(document as any))).resolves.toBeDefined();
});

describe('finding 11c: parse errors, encodings, alias bombs', () => {
  const lines = (breakAt38: string) => {
    const body = Array.from({ length: 34 }, (_, i) => `    { "name": "VAR_${i}", "value": "v" },`);
    const text = [
      '{',
      '  "family": "shop-api",',
      '  "containerDefinitions": [ { "name": "api", "image": "x", "memory": 256, "environment": [',
      ...body, // lines 4..37
      breakAt38, // line 38
      '  ] } ]',
      '}',
    ].join('\n');
    expect(text.split('\n')[37]).toBe(breakAt38);
    return text;
  };

  test('a trailing comma on line 38 is reported at line 38', async () => {
    const run = await render({ 'task-definition': file('trailing.json', lines('    { "name": "LAST", "value": "v" },')), image: IMAGE });
    expectRefusedBeforeAnyCall(run, /JSON error at line 38, column 37: a trailing comma \(JSON allows none\)/);
  });

  test('a bad token on line 38 is reported at line 38 with its column, quoting no content', async () => {
    const run = await render({ 'task-definition': file('token.json', lines('    { "name": "LAST", "value": v }')), image: IMAGE });
    expectRefusedBeforeAnyCall(run, /JSON error at line 38, column 32: /);
    expect(run.errors[0]).not.toContain('VAR_');
  });

  test("UTF-16 with a byte-order mark (PowerShell's default) is read", async () => {
    const text = JSON.stringify(fargate({}), null, 2);
    const path = file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const run = await render({ 'task-definition': path, image: IMAGE });
    expect(run.errors).toEqual([]);
    expect(renderedFile(run).containerDefinitions[0].image).toBe(IMAGE);
  });

  test('text that is not UTF-8 names the encoding problem and where it is', async () => {
    const text = Buffer.concat([
      Buffer.from('{\n  "family": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('",\n  "containerDefinitions": []\n}\n'),
    ]);
    const run = await render({ 'task-definition': file('latin1.json', text), image: IMAGE });
    expectRefusedBeforeAnyCall(run, /is not UTF-8 text \(byte 0xE9 at line 2, column 17\): save it as UTF-8/);
  });

  test('a YAML alias bomb is a one-line error', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'family: bomb',
      'containerDefinitions: [*e]',
      '',
    ].join('\n');
    const run = await render({ 'task-definition': file('bomb.yaml', bomb), image: IMAGE });
    expectRefusedBeforeAnyCall(run, /YAML error: more than 100 aliases/);
  });
});

describe('finding 11d: placeholders', () => {
  test('nested defaults resolve as a shell does', async () => {
    const path = json(
      'nested-defaults.json',
      fargate({
        environment: [
          { name: 'NONE_SET', value: '${A:-${B:-v}}' },
          { name: 'INNER_SET', value: '${C:-${D:-v}}' },
          { name: 'OUTER_SET', value: '${E:-${F:-v}}' },
          { name: 'EMPTY_OUTER', value: '${G:-${H:-v}}' },
        ],
      }),
    );
    const run = await render({ 'task-definition': path, image: IMAGE, vars: 'D=d\nE=e\nF=f\nG=' });
    expect(run.errors).toEqual([]);
    const env = Object.fromEntries(renderedFile(run).containerDefinitions[0].environment.map((e: any) => [e.name, e.value]));
    expect(env).toEqual({ NONE_SET: 'v', INNER_SET: 'd', OUTER_SET: 'e', EMPTY_OUTER: 'v' });
  });

  test('placeholder styles left unresolved are warnings naming the path', async () => {
    const path = json(
      'leftovers.json',
      fargate({
        environment: [
          { name: 'DOLLAR', value: '$DATABASE_URL' },
          { name: 'ANGLE', value: '<API_HOST>' },
          { name: 'PERCENT', value: '%REDIS_HOST%' },
          { name: 'BRACE', value: '{QUEUE_NAME}' },
          { name: 'YOURS', value: 'YOUR_API_KEY' },
          { name: 'ACCOUNT', value: 'arn:aws:sns:us-east-1:XXXXXXXXXXXX:alerts' },
          { name: 'FINE', value: '{"json": true}' },
          { name: 'TAGLIKE', value: '<REGION>' },
        ],
      }),
    );
    const run = await render({ 'task-definition': path, image: IMAGE });
    expect(run.errors).toEqual([]);
    const lines = warnings(run).join('\n');
    for (const [i, text] of ['$DATABASE_URL', '<API_HOST>', '%REDIS_HOST%', '{QUEUE_NAME}', 'YOUR_API_KEY', 'XXXXXXXXXXXX'].entries()) {
      expect(lines).toContain(`containerDefinitions[0].environment[${i}].value still holds "${text}"`);
    }
    expect(lines).not.toContain('environment[6]');
    // The summary shows the same warning as GitHub renders it: `<REGION>` visible, not eaten as a tag.
    expect(run.summaryText).toContain('containerDefinitions[0].environment[7].value still holds "<REGION>"');
  });
});

describe('finding 12: secrets and parameters', () => {
  test('an emulator that omits ARN in DescribeParameters: the existing parameter is found and its ARN built', async () => {
    putParameter(sim.world, { name: '/shop/prod/token', value: 'never-shown', type: 'SecureString' });
    setModes(sim.world, { omitParameterArn: true });
    try {
      const run = await render({
        'task-definition': json('ssm.json', fargate({})),
        image: IMAGE,
        secrets: 'TOKEN=/shop/prod/token\nPLAIN=/shop/prod/token',
      });
      expect(run.errors).toEqual([]);
      expect(renderedFile(run).containerDefinitions[0].secrets).toEqual([
        { name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/prod/token' },
        { name: 'PLAIN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/prod/token' },
      ]);
    } finally {
      setModes(sim.world, { omitParameterArn: false });
    }
  });

  test('secrets and parameters given as ARNs of another region are checked in that region', async () => {
    const secretArn = putSecret(sim.world, { name: 'shop/eu/db', value: 'never-shown', region: 'eu-west-1' });
    const parameterArn = putParameter(sim.world, { name: '/shop/eu/token', value: 'never-shown', region: 'eu-west-1' });
    const run = await render({
      'task-definition': json('regions.json', fargate({})),
      image: IMAGE,
      secrets: `DB=${secretArn}\nTOKEN=${parameterArn}`,
    });
    expect(run.errors).toEqual([]);
    expect(renderedFile(run).containerDefinitions[0].secrets).toEqual([
      { name: 'DB', valueFrom: secretArn },
      { name: 'TOKEN', valueFrom: parameterArn },
    ]);
    // The same names are not found from us-east-1: the simulator keeps secrets per region, as AWS does.
    const wrongRegion = await render({ 'task-definition': json('regions2.json', fargate({})), image: IMAGE, secrets: 'DB=shop/eu/db' });
    expect(wrongRegion.errors[0]).toMatch(/names secrets that do not exist in us-east-1: DB=shop\/eu\/db/);
  });
});
