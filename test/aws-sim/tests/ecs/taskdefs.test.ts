import {
  ClientException,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';
import { findTaskDefinition } from '../../services/ecs/taskdef-store.js';

let sim: Simulator;
let ecs: ECSClient;
beforeAll(async () => {
  sim = await startSimulator();
  ecs = new ECSClient(simulatorClientConfig(sim));
});
afterAll(() => sim.stop());

const fargate = (extra: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput => ({
  family: 'web',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1',
      portMappings: [{ containerPort: 80 }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'web' } },
      secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' }],
    },
  ],
  ...extra,
});

test('registers revisions with what ECS adds, and describes them with tags', async () => {
  const first = await ecs.send(new RegisterTaskDefinitionCommand({ ...fargate(), tags: [{ key: 'team', value: 'shop' }] }));
  const second = await ecs.send(new RegisterTaskDefinitionCommand(fargate()));
  expect(first.taskDefinition?.revision).toBe(1);
  expect(second.taskDefinition?.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:2');
  const td = second.taskDefinition!;
  expect(td.status).toBe('ACTIVE');
  expect(td.compatibilities).toEqual(['EC2', 'FARGATE']);
  expect(td.registeredAt).toBeInstanceOf(Date);
  expect(td.registeredBy).toMatch(/^arn:aws:/);
  expect(td.requiresAttributes?.map((a) => a.name)).toEqual(
    expect.arrayContaining([
      'ecs.capability.task-eni',
      'ecs.capability.execution-role-awslogs',
      'ecs.capability.secrets.asm.environment-variables',
      'com.amazonaws.ecs.capability.ecr-auth',
    ]),
  );
  expect(td.containerDefinitions?.[0]).toMatchObject({
    essential: true,
    cpu: 0,
    environment: [],
    portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
  });

  const withTags = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] }));
  expect(withTags.tags).toEqual([{ key: 'team', value: 'shop' }]);
  const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }));
  expect(latest.taskDefinition?.revision).toBe(2);
  expect(latest.tags).toBeUndefined();
  const byArn = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: td.taskDefinitionArn }));
  expect(byArn.taskDefinition?.revision).toBe(2);
  expect(findTaskDefinition(sim.world, 'web:1')?.tags).toEqual([{ key: 'team', value: 'shop' }]);
});

test('lists by family and status, sorted, and deregisters', async () => {
  await ecs.send(new RegisterTaskDefinitionCommand(fargate({ family: 'worker' })));
  const asc = await ecs.send(new ListTaskDefinitionsCommand({}));
  expect(asc.taskDefinitionArns?.map((a) => a.split('/')[1])).toEqual(['web:1', 'web:2', 'worker:1']);
  const desc = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', sort: 'DESC' }));
  expect(desc.taskDefinitionArns?.map((a) => a.split('/')[1])).toEqual(['web:2', 'web:1']);

  const gone = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }));
  expect(gone.taskDefinition?.status).toBe('INACTIVE');
  expect(gone.taskDefinition?.deregisteredAt).toBeInstanceOf(Date);
  const inactive = await ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
  expect(inactive.taskDefinitionArns?.map((a) => a.split('/')[1])).toEqual(['web:2']);
  // The family now resolves to its latest ACTIVE revision.
  expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))).taskDefinition?.revision).toBe(1);
  await expect(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web' }))).rejects.toThrow(/Invalid revision number/);
  await expect(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:9' }))).rejects.toThrow(
    'The specified task definition does not exist.',
  );
});

test('describing an unknown family is a ClientException', async () => {
  await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' }))).rejects.toBeInstanceOf(ClientException);
  await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' }))).rejects.toThrow(
    'Unable to describe task definition.',
  );
});

const app = fargate().containerDefinitions![0];
test.each<[string, Partial<RegisterTaskDefinitionCommandInput>, string]>([
  ['missing container name', { containerDefinitions: [{ ...app, name: undefined }] }, 'Container.name should not be null or empty.'],
  ['invalid container name', { containerDefinitions: [{ ...app, name: 'my app' }] }, 'Container.name contains invalid characters.'],
  ['duplicate names', { containerDefinitions: [app, app] }, 'Container names must be unique within a Task Definition.'],
  ['missing image', { containerDefinitions: [{ ...app, image: '' }] }, 'Container.image should not be null or empty.'],
  [
    'no essential container',
    { containerDefinitions: [{ ...app, essential: false }] },
    "Task definition doesn't have any essential container.",
  ],
  ['Fargate without awsvpc', { networkMode: 'bridge' }, 'Fargate only supports network mode ‘awsvpc’.'],
  [
    'Fargate pair',
    { cpu: '1024', memory: '1024' },
    'No Fargate configuration exists for given values: 1024 CPU, 1024 memory. See the Amazon ECS documentation for the valid values.',
  ],
  ['Fargate without cpu', { cpu: undefined }, "Fargate requires that 'cpu' be defined at the task level."],
  [
    'task cpu out of range',
    { requiresCompatibilities: ['EC2'], cpu: '100000000' },
    "Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
  ],
  [
    'task memory out of range',
    { requiresCompatibilities: ['EC2'], memory: '64' },
    "Invalid 'memory' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
  ],
  [
    'container memory over the task',
    { containerDefinitions: [{ ...app, memory: 1024 }] },
    "The 'memory' setting for container 'app' is greater than for the task.",
  ],
  [
    'EC2 without any memory',
    { requiresCompatibilities: ['EC2'], cpu: undefined, memory: undefined, networkMode: 'bridge' },
    "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.",
  ],
  [
    'awslogs without an execution role',
    { executionRoleArn: undefined },
    'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
  ],
  ['invalid family', { family: 'web app' }, 'Family contains invalid characters.'],
  ['missing family', { family: '' }, 'Family can not be blank.'],
  [
    'too many containers',
    { containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ ...app, name: `c${i}` })) },
    'Too many containers.',
  ],
  [
    'awsvpc port mismatch',
    { containerDefinitions: [{ ...app, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] },
    'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
  ],
])('rejects %s with ECS text', async (_name, change, message) => {
  const error = await ecs.send(new RegisterTaskDefinitionCommand({ ...fargate(), ...change })).catch((e) => e);
  expect(error).toBeInstanceOf(ClientException);
  expect(error.message).toBe(message);
});

test.each<[string, Record<string, unknown>, string]>([
  ['a port as a string', { portMappings: [{ containerPort: '3000' }] }, 'STRING_VALUE cannot be converted to Integer'],
  ['container memory as a string', { memory: '512' }, 'STRING_VALUE cannot be converted to Integer'],
  ['essential as a string', { essential: 'true' }, 'STRING_VALUE cannot be converted to Boolean'],
])('refuses %s as the API deserializer does (SerializationException)', async (_name, change, message) => {
  const input = { ...fargate(), containerDefinitions: [{ ...app, ...change }] } as RegisterTaskDefinitionCommandInput;
  const error = await ecs.send(new RegisterTaskDefinitionCommand(input)).catch((e) => e);
  expect(error.name).toBe('SerializationException');
  expect(error.message).toBe(message);
});
