import { assertRegistrable, findProblems } from '../../../src/taskdef/validate.js';

const fargate = (extra: Record<string, any> = {}, container: Record<string, any> = {}) => ({
  family: 'app',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'web', image: 'nginx', ...container }],
  ...extra,
});
const problems = (doc: Record<string, any>) => findProblems(doc).map((p) => `${p.path}: ${p.reason}`);

test('a valid Fargate definition has no problems', () => {
  expect(problems(fargate())).toEqual([]);
  expect(problems(fargate({ cpu: '1 vCPU', memory: '2GB' }))).toEqual([]);
});

test.each([
  ['missing family', fargate({ family: '' }), /^family: missing/],
  ['bad family', fargate({ family: 'a b' }), /^family: "a b" has characters ECS rejects/],
  ['Fargate without awsvpc', fargate({ networkMode: 'bridge' }), /^networkMode: Fargate needs "awsvpc", got "bridge"/],
  [
    'Fargate pair',
    fargate({ cpu: '256', memory: '4096' }),
    /^memory: cpu 256 with memory 4096 is not a Fargate size: with cpu 256 Fargate takes memory 512 to 2048 MiB/,
  ],
  ['Fargate without cpu', fargate({ cpu: undefined }), /^cpu: Fargate needs a task-level cpu/],
  ['task cpu out of range', fargate({ requiresCompatibilities: ['EC2'], cpu: '64' }), /^cpu: "64" is not a task cpu/],
  ['missing container name', fargate({}, { name: undefined }), /^containerDefinitions\[0\]\.name: missing/],
  ['missing image', fargate({}, { image: '' }), /^containerDefinitions\[0\]\.image: empty/],
  ['no essential container', fargate({}, { essential: false }), /^containerDefinitions: no essential container/],
  ['container cpu as text', fargate({}, { cpu: '256' }), /^containerDefinitions\[0\]\.cpu: expected a whole number, got "256"/],
  [
    'container memory above task',
    fargate({}, { memory: 1024 }),
    /^containerDefinitions\[0\]\.memory: 1024 MiB is more than the task's 512/,
  ],
  [
    'awsvpc port mismatch',
    fargate({}, { portMappings: [{ containerPort: 80, hostPort: 8080 }] }),
    /hostPort: must equal containerPort \(80\)/,
  ],
  [
    'awslogs on Fargate without execution role',
    fargate({}, { logConfiguration: { logDriver: 'awslogs' } }),
    /^executionRoleArn: Fargate needs an execution role/,
  ],
  [
    'EC2 container without memory',
    { family: 'a', containerDefinitions: [{ name: 'w', image: 'x' }] },
    /^containerDefinitions\[0\]: needs "memory" or "memoryReservation"/,
  ],
  [
    'unknown dependency',
    fargate({}, { dependsOn: [{ containerName: 'db', condition: 'START' }] }),
    /dependsOn\[0\]\.containerName: "db" is not a container/,
  ],
  [
    'too many containers',
    fargate({ containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'x' })) }),
    /^containerDefinitions: 11 containers; ECS allows 10/,
  ],
])('%s', (_name, doc, expected) => {
  expect(problems(doc)[0]).toMatch(expected);
});

test('duplicate container names name both places', () => {
  const doc = fargate({
    containerDefinitions: [
      { name: 'web', image: 'x' },
      { name: 'web', image: 'y' },
    ],
  });
  expect(problems(doc)).toEqual(['containerDefinitions[1].name: "web" is also the name of containerDefinitions[0]']);
});

test('assertRegistrable reports on one line, at most five problems', () => {
  const doc = { containerDefinitions: Array.from({ length: 7 }, (_, i) => ({ name: `c${i}`, image: '' })) };
  let message = '';
  try {
    assertRegistrable(doc, 'T');
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/^T is not a valid task definition: family: missing/);
  expect(message).toMatch(/; and \d+ more\.$/);
  expect(message).not.toContain('\n');
});
