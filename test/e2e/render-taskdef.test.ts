import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFaults } from '../aws-sim/control.js';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { findTaskDefinition, storeTaskDefinition } from '../aws-sim/services/ecs/taskdef-store.js';
import { putSecret } from '../aws-sim/services/secretsmanager/state.js';
import { putParameter } from '../aws-sim/services/ssm/state.js';
import { runAction, type ActionRun } from './run-action.js';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:2.0.0';
const ROOT = resolve(import.meta.dirname, '..', '..');
const SECRET_VALUES = ['Sup3r-S3cret-DB-Password!', '{"apiKey":"k3y-v4lue-never-shown"}', 'ssm-hidden-token-0042'];

let sim: Simulator;
let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const template = {
  family: '${SERVICE}-api',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'api',
      image: '<IMAGE>',
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      environment: [
        { name: 'STAGE', value: '${STAGE}' },
        { name: 'REGION', value: '${REGION:-us-east-1}' },
        { name: 'OLD_FLAG', value: '1' },
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/${SERVICE}', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'api' },
      },
    },
  ],
};

const twoContainers = {
  family: 'shop-web',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '512',
  memory: '1024',
  containerDefinitions: [
    { name: 'app', image: '', essential: true },
    { name: 'nginx', image: 'nginx:1.27', essential: true, dependsOn: [{ containerName: 'app', condition: 'START' }] },
  ],
};

let templatePath: string;
let twoPath: string;
const secretArns: Record<string, string> = {};

beforeAll(async () => {
  sim = await startSimulator();
  // Inside the workspace (the repository in these runs): files elsewhere are refused (issue 7, finding 10).
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'render-taskdef-'));
  templatePath = file('taskdef.json', JSON.stringify(template, null, 2));
  twoPath = file('two.json', JSON.stringify(twoContainers));
  secretArns.db = putSecret(sim.world, { name: 'shop/prod/db-password', value: SECRET_VALUES[0] });
  secretArns.api = putSecret(sim.world, { name: 'shop/prod/api', value: SECRET_VALUES[1] });
  putParameter(sim.world, { name: '/shop/prod/token', value: SECRET_VALUES[2], type: 'SecureString' });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.world.calls.clear();
  setFaults(sim.world, {});
});

const render = (inputs: Record<string, string | undefined>, env: Record<string, string> = {}) =>
  runAction('render-taskdef', { inputs, env: { ...simulatorEnv(sim), ...env } });
const renderedFile = (run: ActionRun) => JSON.parse(readFileSync(run.outputs['task-definition'], 'utf8'));

function expectNoSecretValues(run: ActionRun): void {
  const written = run.outputs['task-definition'] ? readFileSync(run.outputs['task-definition'], 'utf8') : '';
  for (const value of [...SECRET_VALUES, 'k3y-v4lue-never-shown']) {
    expect(run.output).not.toContain(value);
    expect(run.summary).not.toContain(value);
    expect(written).not.toContain(value);
  }
}

test('renders a file template: image, placeholders, environment, secrets, settings; stable key order under RUNNER_TEMP', async () => {
  const envFile = file('app.env', '# shared settings\nexport LOG_LEVEL=debug\nGREETING="hello\\nworld"\nSTAGE=from-file\n');
  const run = await render({
    'task-definition': templatePath,
    image: IMAGE,
    vars: 'SERVICE=shop\nSTAGE=prod',
    'env-file': envFile,
    environment: 'FEATURE_X=on\nDSN=postgres://db?sslmode=require',
    'remove-environment': 'OLD_FLAG',
    secrets: [
      'DB_PASSWORD=shop/prod/db-password',
      'API_KEY=shop/prod/api:apiKey',
      'TOKEN=/shop/prod/token',
      `DB_AGAIN=${secretArns.db}`,
    ].join('\n'),
    command: 'node server.js --port "8080"',
    cpu: '512',
    memory: '1024',
    'task-role-arn': 'arn:aws:iam::123456789012:role/shop-api',
    'docker-labels': 'team=shop',
  });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs['task-definition'].startsWith(run.runnerTemp)).toBe(true);
  expect(run.outputs.family).toBe('shop-api');
  expect(JSON.parse(run.outputs.images)).toEqual({ api: IMAGE });

  const text = readFileSync(run.outputs['task-definition'], 'utf8');
  const doc = JSON.parse(text);
  expect(Object.keys(doc)).toEqual([...Object.keys(doc)].sort());
  expect(doc.family).toBe('shop-api');
  expect(doc.cpu).toBe('512');
  expect(doc.memory).toBe('1024');
  expect(doc.taskRoleArn).toBe('arn:aws:iam::123456789012:role/shop-api');
  const api = doc.containerDefinitions[0];
  expect(api.image).toBe(IMAGE);
  expect(api.command).toEqual(['node', 'server.js', '--port', '8080']);
  expect(api.dockerLabels).toEqual({ team: 'shop' });
  expect(api.logConfiguration.options['awslogs-group']).toBe('/ecs/shop');
  expect(Object.fromEntries(api.environment.map((e: any) => [e.name, e.value]))).toEqual({
    STAGE: 'from-file', // env-file over the template; explicit `environment` would win over both
    REGION: 'us-east-1',
    LOG_LEVEL: 'debug',
    GREETING: 'hello\nworld',
    FEATURE_X: 'on',
    DSN: 'postgres://db?sslmode=require',
  });
  expect(api.secrets).toEqual([
    { name: 'DB_PASSWORD', valueFrom: secretArns.db },
    { name: 'API_KEY', valueFrom: `${secretArns.api}:apiKey::` },
    { name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/prod/token' },
    { name: 'DB_AGAIN', valueFrom: secretArns.db },
  ]);
  expect(secretArns.db).toMatch(/:secret:shop\/prod\/db-password-[A-Za-z0-9]{6}$/);
  expect(run.summary).toContain('No live revision of this family yet');
  expectNoSecretValues(run);
  // Rendering reads; it never registers or changes anything.
  expect(Object.keys(sim.world.callCounts()).filter((k) => !/\.(Describe|Get|List)/.test(k))).toEqual([]);
  // Secrets are checked with calls that return metadata only: no value ever reaches the action.
  expect(
    Object.keys(sim.world.callCounts())
      .filter((k) => /^(ssm|secretsmanager)\./.test(k))
      .sort(),
  ).toEqual(['secretsmanager.DescribeSecret', 'ssm.DescribeParameters']);
});

test('starts from the family live revision and summarises what changed', async () => {
  storeTaskDefinition(sim.world, {
    region: 'us-east-1',
    document: {
      ...template,
      family: 'shop-worker',
      containerDefinitions: [
        {
          ...template.containerDefinitions[0],
          name: 'worker',
          image: 'example/worker:1',
          environment: [{ name: 'OLD_FLAG', value: '1' }],
          logConfiguration: undefined,
          secrets: [{ name: 'DB_PASSWORD', valueFrom: secretArns.db }],
        },
      ],
      requiresAttributes: [{ name: 'ecs.capability.task-eni' }],
      compatibilities: ['EC2', 'FARGATE'],
    },
    tags: [{ key: 'team', value: 'shop' }],
  });
  const live = findTaskDefinition(sim.world, 'shop-worker')!;
  const run = await render({
    family: 'shop-worker',
    image: 'example/worker:2',
    environment: 'NEW_KEY=1',
    'remove-environment': 'OLD_FLAG',
    memory: '1024',
  });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const doc = renderedFile(run);
  for (const field of [
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
  ]) {
    expect(doc).not.toHaveProperty(field);
  }
  expect(doc.containerDefinitions[0].image).toBe('example/worker:2');
  expect(doc.tags).toEqual([{ key: 'team', value: 'shop' }]);
  expect(run.summary).toContain(live.taskDefinitionArn);
  expect(run.summary).toContain('example/worker:1 → example/worker:2');
  expect(run.summary).toMatch(/added NEW_KEY; removed OLD_FLAG/);
  expect(run.summary).toContain('512 → 1024');
  expect(run.outputs.changed).toBe('true');
  expectNoSecretValues(run);
});

test('a family with no revision fails naming the input', async () => {
  const run = await render({ family: 'no-such-family', image: IMAGE });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'Input "family" has value "no-such-family": no ACTIVE revision of family "no-such-family" exists in ECS in us-east-1.',
  ]);
});

test('every unresolved placeholder is listed in one error and nothing is written', async () => {
  const run = await render({ 'task-definition': templatePath, image: IMAGE });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'Unresolved placeholders in the task definition: ${SERVICE} (at family), ${STAGE} (at containerDefinitions[0].environment[0].value). Give them values in "vars" (or set "vars-from-env: true" to read the environment).',
  ]);
  expect(run.outputs['task-definition']).toBeUndefined();
  expect(sim.world.callCounts()).toEqual({});
});

test('one template for several services: container names from placeholders, the image needs no placeholder value', async () => {
  const shared = file(
    'shared.json',
    JSON.stringify({
      family: 'shop-${SERVICE}',
      containerDefinitions: [
        { name: '${SERVICE}', image: '${IMAGE}', essential: true, memory: 256 },
        { name: 'log-router', image: 'fluent-bit:${FLUENT_VERSION:-2.2}', essential: false, memory: 64 },
      ],
    }),
  );
  const run = await render({ 'task-definition': shared, container: 'worker', image: IMAGE, vars: 'SERVICE=worker' });
  expect(run.errors).toEqual([]);
  const doc = renderedFile(run);
  expect(doc.containerDefinitions.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([
    ['worker', IMAGE],
    ['log-router', 'fluent-bit:2.2'],
  ]);
});

test('vars-from-env fills placeholders from the environment; vars win', async () => {
  const run = await render(
    { 'task-definition': templatePath, image: IMAGE, vars: 'STAGE=from-vars', 'vars-from-env': 'true' },
    { SERVICE: 'envsvc', STAGE: 'from-env' },
  );
  expect(run.errors).toEqual([]);
  const doc = renderedFile(run);
  expect(doc.family).toBe('envsvc-api');
  expect(doc.containerDefinitions[0].environment[0]).toEqual({ name: 'STAGE', value: 'from-vars' });
});

test('a secret name with a typo fails here, naming it, before anything is written', async () => {
  const run = await render({
    'task-definition': templatePath,
    image: IMAGE,
    vars: 'SERVICE=shop\nSTAGE=prod',
    secrets: 'DB_PASSWORD=shop/prod/db-pasword\nTOKEN=/shop/prod/tokn\nOK=shop/prod/api',
  });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'Input "secrets" names secrets that do not exist in us-east-1: DB_PASSWORD=shop/prod/db-pasword (no Secrets Manager secret or SSM parameter "shop/prod/db-pasword"), TOKEN=/shop/prod/tokn (no SSM parameter "/shop/prod/tokn").',
  ]);
  expect(run.outputs['task-definition']).toBeUndefined();
  expectNoSecretValues(run);
  expect(sim.world.calls.get('secretsmanager.GetSecretValue')).toBeUndefined();
});

test('a YAML template renders like JSON', async () => {
  const yamlPath = file(
    'taskdef.yaml',
    [
      'family: shop-yaml',
      'networkMode: awsvpc',
      'requiresCompatibilities: [FARGATE]',
      'cpu: "256"',
      'memory: "512"',
      'containerDefinitions:',
      '  - name: api',
      '    image: placeholder',
      '    environment:',
      '      - {name: STAGE, value: "${STAGE:-dev}"}',
      '',
    ].join('\n'),
  );
  const run = await render({ 'task-definition': yamlPath, image: IMAGE });
  expect(run.errors).toEqual([]);
  const doc = renderedFile(run);
  expect(doc.family).toBe('shop-yaml');
  expect(doc.containerDefinitions[0]).toEqual({ name: 'api', image: IMAGE, environment: [{ name: 'STAGE', value: 'dev' }] });
});

test('a template with a byte-order mark and CRLF line ends renders', async () => {
  const bomPath = file('bom.json', `\uFEFF${JSON.stringify(twoContainers, null, 2).replace(/\n/g, '\r\n')}`);
  const run = await render({ 'task-definition': bomPath, images: `app=${IMAGE}` });
  expect(run.errors).toEqual([]);
  expect(renderedFile(run).containerDefinitions.map((c: any) => c.image)).toEqual([IMAGE, 'nginx:1.27']);
});

test('a JSON syntax error names the line and column', async () => {
  const broken = file('broken.json', '{\n  "family": "x",\n  "containerDefinitions": [\n    { "name": "a" "image": "b" }\n  ]\n}\n');
  const run = await render({ 'task-definition': broken, image: IMAGE });
  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/^Input "task-definition" \(".*broken\.json"\): JSON error at line 4, column \d+: /);
});

test('default-logging adds awslogs to containers without a log configuration', async () => {
  const run = await render({
    'task-definition': twoPath,
    images: `app=${IMAGE}`,
    'default-logging': 'true',
    'execution-role-arn': 'arn:aws:iam::123456789012:role/exec',
  });
  expect(run.errors).toEqual([]);
  for (const container of renderedFile(run).containerDefinitions) {
    expect(container.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/shop-web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
    });
  }
});

test('with 30% of calls throttled, rendering with secrets and a live revision still succeeds', async () => {
  storeTaskDefinition(sim.world, {
    region: 'us-east-1',
    document: { ...template, family: 'shop-api', containerDefinitions: [{ ...template.containerDefinitions[0], image: 'old:1' }] },
  });
  setFaults(sim.world, { throttle: 0.3 });
  const run = await render({
    'task-definition': templatePath,
    image: IMAGE,
    vars: 'SERVICE=shop\nSTAGE=prod',
    secrets: 'DB_PASSWORD=shop/prod/db-password\nAPI_KEY=shop/prod/api:apiKey\nTOKEN=/shop/prod/token',
  });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(renderedFile(run).containerDefinitions[0].secrets).toHaveLength(3);
  expect(run.summary).toContain('old:1 →');
  expectNoSecretValues(run);
  // The faults really met the run: some calls were throttled and retried.
  expect(sim.world.faultTally.injected.throttle).toBeGreaterThan(0);
  const calls = Object.values(sim.world.callCounts()).reduce((a, b) => a + b, 0);
  expect(calls).toBeGreaterThan(sim.world.faultTally.injected.throttle);
});

test('each service is reached through its own AWS_ENDPOINT_URL_<SERVICE>; requests name the toolkit and action', async () => {
  storeTaskDefinition(sim.world, { region: 'us-east-1', document: { ...twoContainers, family: 'per-service' } });
  sim.world.callLog.length = 0;
  const run = await render(
    {
      family: 'per-service',
      images: `app=${IMAGE}`,
      secrets: 'DB_PASSWORD=shop/prod/db-password\nTOKEN=/shop/prod/token',
      container: 'app',
      'execution-role-arn': 'arn:aws:iam::123456789012:role/exec',
    },
    {
      // Nothing listens on AWS_ENDPOINT_URL: only the per-service variables lead to the simulator.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_ECS: sim.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: sim.url,
      AWS_ENDPOINT_URL_SSM: sim.url,
      // Asked only when DescribeParameters answers without ARNs (the harsh omitParameterArn mode).
      AWS_ENDPOINT_URL_STS: sim.url,
      AWS_MAX_ATTEMPTS: '2',
    },
  );
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  const services = new Set(sim.world.callLog.map((call) => call.key.split('.')[0]));
  expect([...services].filter((service) => service !== 'sts').sort()).toEqual(['ecs', 'secretsmanager', 'ssm']);
  for (const call of sim.world.callLog) expect(call.userAgent).toMatch(/ecs-ship\/\d+\.\d+\.\d+ .*action\/render-taskdef/);
});

test('with no inputs the bundle fails with the standard message, naming both ways to start', async () => {
  const run = await runAction('render-taskdef', { env: simulatorEnv(sim) });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'Input required and not supplied: task-definition (the template file; or set "family" to start from the family\'s live revision)',
  ]);
  expect(run.output).not.toMatch(/Cannot find module|ERR_MODULE/);
});

describe('bad inputs fail with one line naming the input, before any AWS call', () => {
  const base = () => ({ 'task-definition': templatePath, image: IMAGE, vars: 'SERVICE=shop\nSTAGE=prod' });
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['image', { image: 'Not An Image!' }, /^Input "image" has value "Not An Image!": expected an image reference/],
    ['images (not a line)', { image: '', images: 'api' }, /^Input "images" has value "api": expected KEY=value lines/],
    [
      'images (unknown container)',
      { image: '', images: 'worker=nginx:1' },
      /^Input "images" has value "worker=nginx:1": expected container=image lines naming containers of the task definition: api\.$/,
    ],
    [
      'images with image',
      { images: 'api=nginx:1' },
      /^Input "images" has value "api=nginx:1": expected either "image" or "images", not both/,
    ],
    [
      'container',
      { container: 'worker' },
      /^Input "container" has value "worker": expected the name of a container in the task definition: api\.$/,
    ],
    [
      'image for two containers without container',
      { 'task-definition': '__TWO__' },
      /^Input "image" applies to one container but the task definition has 2 \(app, nginx\)/,
    ],
    ['family', { family: 'shop api' }, /^Input "family" has value "shop api": expected a task definition family/],
    [
      'revision (not a number)',
      { 'task-definition': '', family: 'shop-api', revision: 'latest' },
      /^Input "revision" has value "latest": expected an integer/,
    ],
    ['revision with a file', { revision: '3' }, /^Input "revision" has value "3": expected no revision when "task-definition" is set/],
    [
      'task-definition (missing file)',
      { 'task-definition': '__MISSING__' },
      /^Input "task-definition" \(".*does-not-exist\.json"\): cannot read the file \(no such file\)\.$/,
    ],
    ['vars', { vars: 'SERVICE shop' }, /^Input "vars" has value "SERVICE shop": expected KEY=value lines/],
    ['vars-from-env', { 'vars-from-env': 'maybe' }, /^Input "vars-from-env" has value "maybe": expected true or false/],
    ['environment', { environment: '=value' }, /^Input "environment" has value "=value": expected KEY=value lines/],
    [
      'env-file (missing)',
      { 'env-file': '__MISSING_ENV__' },
      /^Input "env-file" has value ".*no\.env": expected a readable dotenv file \(ENOENT\)/,
    ],
    [
      'env-file (bad line)',
      { 'env-file': '__BAD_ENV__' },
      /^Input "env-file" \(".*bad\.env"\) line 2: expected KEY=value \(no "=" on the line\)\.$/,
    ],
    [
      'remove-environment',
      { 'remove-environment': 'OLD FLAG' },
      /^Input "remove-environment" has value "OLD FLAG": expected variable names/,
    ],
    ['secrets (not a line)', { secrets: 'DB_PASSWORD' }, /^Input "secrets" has value "DB_PASSWORD": expected KEY=value lines/],
    [
      'secrets (other service ARN)',
      { secrets: 'CFG=arn:aws:s3:::bucket/config' },
      /^Input "secrets" has value "CFG=arn:aws:s3:::bucket\/config": expected an ARN of a Secrets Manager secret or an SSM parameter\.$/,
    ],
    ['command', { command: 'node "server.js' }, /^Input "command" has value "node "server.js": expected shell words with matching quotes/],
    ['cpu', { cpu: 'lots' }, /^Input "cpu" has value "lots": expected cpu units/],
    [
      'memory (not a Fargate size)',
      { cpu: '256', memory: '4096' },
      /^Input "memory" has value "4096": expected a Fargate size with cpu 256 and memory 4096: with cpu 256 Fargate takes memory 512 to 2048 MiB/,
    ],
    ['task-role-arn', { 'task-role-arn': 'shop-api' }, /^Input "task-role-arn" has value "shop-api": expected an IAM role ARN/],
    [
      'execution-role-arn',
      { 'execution-role-arn': 'arn:aws:iam::123:role/exec' },
      /^Input "execution-role-arn" has value "arn:aws:iam::123:role\/exec": expected an IAM role ARN/,
    ],
    ['docker-labels', { 'docker-labels': 'team' }, /^Input "docker-labels" has value "team": expected KEY=value lines/],
    ['default-logging', { 'default-logging': 'sometimes' }, /^Input "default-logging" has value "sometimes": expected true or false/],
    ['aws-region', { 'aws-region': 'mars-1' }, /^Input "aws-region" has value "mars-1": expected an AWS region name such as eu-west-1\.$/],
  ];

  test.each(cases)('%s', async (_name, inputs, expected) => {
    const resolved = { ...inputs };
    if (resolved['task-definition'] === '__TWO__') resolved['task-definition'] = twoPath;
    if (resolved['task-definition'] === '__MISSING__') resolved['task-definition'] = join(dir, 'does-not-exist.json');
    if (resolved['env-file'] === '__MISSING_ENV__') resolved['env-file'] = join(dir, 'no.env');
    if (resolved['env-file'] === '__BAD_ENV__') resolved['env-file'] = file('bad.env', 'GOOD=1\nthis is not a variable\n');
    const run = await render({ ...base(), ...resolved });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).not.toContain('\n');
    expect(run.errors[0]).toMatch(expected);
    expect(run.outputs['task-definition']).toBeUndefined();
    expect(sim.world.callCounts()).toEqual({});
  });
});
