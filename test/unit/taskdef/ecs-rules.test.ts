import { checkTaskRules, findStartWarnings } from '../../../src/taskdef/ecs-rules.js';

const problems = (document: Record<string, unknown>) => {
  const found: string[] = [];
  checkTaskRules(document, (path, reason) => found.push(`${path}: ${reason}`));
  return found;
};
const task = (extra: Record<string, unknown>, containers: Array<Record<string, unknown>>) => ({
  family: 'f',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'ecsTaskExecutionRole',
  ...extra,
  containerDefinitions: containers.map((c, i) => ({ name: `c${i}`, image: 'i', ...c })),
});

test('cpu and reserved memory add up per task; hard limits beside reservations do not', () => {
  expect(problems(task({}, [{ cpu: 128 }, { cpu: 128 }]))).toEqual([]);
  expect(problems(task({}, [{ cpu: 200 }, { cpu: 100 }]))).toEqual([
    "containerDefinitions[].cpu: the containers' cpu adds up to 300, more than the task's cpu 256",
  ]);
  expect(
    problems(
      task({}, [
        { memory: 400, memoryReservation: 200 },
        { memory: 400, memoryReservation: 300 },
      ]),
    ),
  ).toEqual([]);
  expect(problems(task({}, [{ memory: 300 }, { memory: 300 }]))).toEqual([
    "containerDefinitions[].memory: the containers' memory adds up to 600 MiB, more than the task's memory 512",
  ]);
  expect(problems(task({ cpu: undefined, memory: undefined }, [{ cpu: 4096, memory: 9000 }]))).toEqual([]);
});

test.each([
  ['ecsTaskExecutionRole', true],
  ['arn:aws:iam::123456789012:role/app', true],
  ['arn:aws:iam::123456789012:role/service-role/app', true],
  ['arn:aws-cn:iam::123456789012:role/app', true],
  ['arn:aws:iam::123456789012:user/deployer', false],
  ['arn:aws:iam::123456789012:group/devs', false],
  ['arn:aws:iam::XXXXXXXXXXXX:role/app', false],
  ['arn:aws:iam::<account-id>:role/app', false],
  ['<taskRoleArn>', false],
])('role %s accepted: %s', (role, ok) => {
  expect(problems(task({ taskRoleArn: role }, [{}])).length === 0).toBe(ok);
});

test('secrets and repository credentials need an execution role; Fargate awslogs needs a stream prefix', () => {
  expect(problems(task({ executionRoleArn: undefined }, [{ secrets: [{ name: 'A', valueFrom: 'x' }] }]))).toEqual([
    'executionRoleArn: missing; containerDefinitions[0].secrets need an execution role to be read (set "execution-role-arn")',
  ]);
  expect(problems(task({ executionRoleArn: undefined }, [{ repositoryCredentials: { credentialsParameter: 'x' } }]))[0]).toMatch(
    /repositoryCredentials need an execution role/,
  );
  const awslogs = { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } };
  expect(problems(task({ requiresCompatibilities: ['FARGATE'] }, [awslogs]))).toEqual([
    'containerDefinitions[0].logConfiguration.options: Fargate needs "awslogs-stream-prefix" for the awslogs log driver',
  ]);
  expect(problems(task({ requiresCompatibilities: ['EC2'] }, [awslogs]))).toEqual([]);
});

test('awslogs without a log group is a warning: ECS registers it, the container cannot start', () => {
  expect(findStartWarnings(task({}, [{ logConfiguration: { logDriver: 'awslogs', options: {} } }]))).toHaveLength(1);
  expect(findStartWarnings(task({}, [{ logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } }]))).toEqual([]);
});
