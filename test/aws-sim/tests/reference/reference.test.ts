import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '../../server.js';
import { SERVICES } from '../../services/index.js';
import { putParameter } from '../../services/ssm/state.js';
import { waitFor } from '../ecs/helpers.js';
import { shapeDifferences } from './shape.js';

/**
 * An independent witness: the simulator's answers against example responses AWS published
 * (fixtures/aws-reference, each naming its page), compared by shape over the wire, as raw JSON.
 */

interface Fixture {
  operation: string;
  page: string;
  request?: Record<string, unknown>;
  notApplicable: Record<string, string>;
  response: unknown;
}

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'aws-reference');
const fixtures = new Map<string, Fixture>(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const fixture = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture;
      return [fixture.operation, fixture];
    }),
);

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ harsh: false });
});
afterAll(() => sim.stop());

/** One call as the SDK sends it (JSON protocols), answered as raw JSON. */
async function call(operation: string, input: Record<string, unknown> = {}): Promise<any> {
  const [signingName, name] = operation.split('.');
  const service = SERVICES.find((s) => s.signingName === signingName)!;
  const response = await fetch(sim.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service.targetPrefix}.${name}` },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`${operation}: ${JSON.stringify(body)}`);
  return body;
}

function expectSameShape(operation: string, answer: unknown): void {
  const fixture = fixtures.get(operation)!;
  expect(fixture).toBeDefined();
  expect(fixture.page).toMatch(/^https:\/\//);
  expect({
    operation,
    page: fixture.page,
    differences: shapeDifferences(fixture.response, answer, Object.keys(fixture.notApplicable)),
  }).toEqual({
    operation,
    page: fixture.page,
    differences: [],
  });
}

test('every fixture names its page and is used by a test below', () => {
  expect([...fixtures.keys()].sort()).toEqual([
    'ecr.GetAuthorizationToken',
    'ecs.DescribeServiceDeployments',
    'ecs.DescribeServices',
    'ecs.DescribeTasks',
    'ecs.ListTagsForResource',
    'ecs.RegisterTaskDefinition',
    'ecs.RunTask',
    'logs.GetLogEvents',
    'secretsmanager.DescribeSecret',
    'ssm.DescribeParameters',
  ]);
});

test('the shape check finds a missing key, a wrong type and an empty list', () => {
  expect(shapeDifferences({ a: { b: 1, c: 'x' }, d: [{ e: true }] }, { a: { b: '1' }, d: [] })).toEqual([
    { path: 'a.b', problem: 'is a string, the example has a number' },
    { path: 'a.c', problem: 'missing (the example has a string)' },
    { path: 'd', problem: 'is empty, the example has elements' },
  ]);
});

describe('ECS', () => {
  const network = { awsvpcConfiguration: { subnets: ['subnet-12344321'], assignPublicIp: 'DISABLED' } };
  let taskDefinitionArn: string;
  beforeAll(async () => {
    await call('ecs.CreateCluster', { clusterName: 'default' });
    const registered = await call('ecs.RegisterTaskDefinition', {
      family: 'sample-fargate',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'fargate-app', image: 'public.ecr.aws/docker/library/httpd:latest', essential: true }],
    });
    taskDefinitionArn = registered.taskDefinition.taskDefinitionArn;
  });

  test('RegisterTaskDefinition answers like the example (the example request, sent as is)', async () => {
    expectSameShape(
      'ecs.RegisterTaskDefinition',
      await call('ecs.RegisterTaskDefinition', fixtures.get('ecs.RegisterTaskDefinition')!.request),
    );
  });

  test('ListTagsForResource answers like the page (tags given to TagResource)', async () => {
    await call('ecs.TagResource', { resourceArn: taskDefinitionArn, tags: [{ key: 'team', value: 'dev' }] });
    expectSameShape('ecs.ListTagsForResource', await call('ecs.ListTagsForResource', { resourceArn: taskDefinitionArn }));
  });

  test('RunTask answers like the example', async () => {
    expectSameShape(
      'ecs.RunTask',
      await call('ecs.RunTask', {
        cluster: 'default',
        taskDefinition: taskDefinitionArn,
        launchType: 'FARGATE',
        networkConfiguration: network,
      }),
    );
  });

  test('DescribeServices and DescribeTasks answer like the examples, for a service at steady state', async () => {
    await call('ecs.CreateService', {
      cluster: 'default',
      serviceName: 'my-http-service',
      taskDefinition: taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: network,
    });
    const steady = await waitFor(
      () => call('ecs.DescribeServices', { cluster: 'default', services: ['my-http-service'] }),
      (out) => out.services[0].events.some((e: { message: string }) => e.message.endsWith('has reached a steady state.')),
    );
    expectSameShape('ecs.DescribeServices', steady);
    const { taskArns } = await call('ecs.ListTasks', { cluster: 'default', serviceName: 'my-http-service' });
    expectSameShape('ecs.DescribeTasks', await call('ecs.DescribeTasks', { cluster: 'default', tasks: taskArns, include: ['TAGS'] }));
  });

  test('DescribeServiceDeployments answers like the example, for a finished deployment', async () => {
    const listed = await call('ecs.ListServiceDeployments', { cluster: 'default', service: 'my-http-service' });
    const arn = listed.serviceDeployments[0].serviceDeploymentArn;
    const answer = await waitFor(
      () => call('ecs.DescribeServiceDeployments', { serviceDeploymentArns: [arn] }),
      (out) => out.serviceDeployments[0].status === 'SUCCESSFUL',
    );
    expectSameShape('ecs.DescribeServiceDeployments', answer);
  });
});

test('GetLogEvents answers like the example', async () => {
  await call('logs.CreateLogGroup', { logGroupName: 'my-logs' });
  await call('logs.CreateLogStream', { logGroupName: 'my-logs', logStreamName: '20150601' });
  await call('logs.PutLogEvents', {
    logGroupName: 'my-logs',
    logStreamName: '20150601',
    logEvents: [1, 2, 3].map((i) => ({ timestamp: Date.now() + i, message: `Example Event ${i}` })),
  });
  expectSameShape('logs.GetLogEvents', await call('logs.GetLogEvents', { logGroupName: 'my-logs', logStreamName: '20150601' }));
});

test('GetAuthorizationToken answers like the example', async () => {
  expectSameShape('ecr.GetAuthorizationToken', await call('ecr.GetAuthorizationToken', {}));
});

// Known gaps in services/ssm and services/secretsmanager (owned elsewhere): test.failing keeps them
// visible; once fixed, these turn red and become plain tests. DescribeParameters has no
// LastModifiedUser; CreateSecret drops its Tags, so DescribeSecret answers "Tags": [].
test.failing('DescribeParameters answers like the example', async () => {
  putParameter(sim.world, { name: 'welcome', value: 'hello' });
  expectSameShape('ssm.DescribeParameters', await call('ssm.DescribeParameters', {}));
});

test.failing('DescribeSecret answers like the example, for a secret created with a description and tags', async () => {
  await call('secretsmanager.CreateSecret', {
    Name: 'MyTestSecret',
    Description: 'My test secret',
    SecretString: 'not printed',
    Tags: [{ Key: 'FirstTag', Value: 'SomeValue' }],
  });
  const answer = await call('secretsmanager.DescribeSecret', { SecretId: 'MyTestSecret' });
  expectSameShape('secretsmanager.DescribeSecret', answer);
  expect(Object.values(answer.VersionIdsToStages).flat()).toContain('AWSCURRENT');
});
