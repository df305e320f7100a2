import { canonicalTaskDefinition, registrationInput } from '../../../../src/ecs/task-definition/canonical.js';
import { changedFields } from '../../../../src/ecs/task-definition/diff.js';

const rendered = {
  family: 'api',
  networkMode: 'awsvpc',
  cpu: 256,
  memory: '512',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    {
      name: 'web',
      image: 'repo/app:1.2',
      portMappings: [{ containerPort: 8080 }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
    },
  ],
};

/** The same definition as DescribeTaskDefinition returns it: read-only fields, defaults, other key order. */
const described = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:42',
  revision: 42,
  status: 'ACTIVE',
  registeredAt: '2024-01-01T00:00:00Z',
  registeredBy: 'arn:aws:iam::123456789012:user/x',
  compatibilities: ['EC2', 'FARGATE'],
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
  containerDefinitions: [
    {
      environment: [
        { value: '1', name: 'A' },
        { value: '2', name: 'B' },
      ],
      portMappings: [{ hostPort: 8080, protocol: 'tcp', containerPort: 8080 }],
      essential: true,
      cpu: 0,
      image: 'repo/app:1.2',
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
      name: 'web',
    },
  ],
  volumes: [],
  placementConstraints: [],
  requiresCompatibilities: ['FARGATE'],
  memory: '512',
  cpu: '256',
  networkMode: 'awsvpc',
  family: 'api',
};

describe('canonicalTaskDefinition', () => {
  it('treats a described revision and the rendered file it came from as the same', () => {
    expect(canonicalTaskDefinition(described)).toBe(canonicalTaskDefinition(rendered));
  });

  it('accepts the describe-task-definition wrapper', () => {
    expect(canonicalTaskDefinition({ taskDefinition: described })).toBe(canonicalTaskDefinition(rendered));
  });

  it('sees an image change', () => {
    const changed = structuredClone(rendered);
    changed.containerDefinitions[0].image = 'repo/app:1.3';
    expect(canonicalTaskDefinition(changed)).not.toBe(canonicalTaskDefinition(described));
    expect(changedFields(described, changed)).toEqual(['container web (image)']);
  });

  it('sees a changed environment value, a new top-level field and a non-default essential', () => {
    const changed: any = structuredClone(rendered);
    changed.containerDefinitions[0].environment[0].value = '3';
    changed.containerDefinitions[0].essential = false;
    changed.taskRoleArn = 'arn:aws:iam::123456789012:role/app';
    expect(changedFields(described, changed)).toEqual(['taskRoleArn', 'container web (environment, essential)']);
  });

  it('keeps a host port that differs from the container port in bridge mode', () => {
    const a = { family: 'x', containerDefinitions: [{ name: 'c', image: 'i', portMappings: [{ containerPort: 80, hostPort: 0 }] }] };
    const b = { family: 'x', containerDefinitions: [{ name: 'c', image: 'i', portMappings: [{ containerPort: 80 }] }] };
    expect(canonicalTaskDefinition(a)).not.toBe(canonicalTaskDefinition(b));
  });
});

describe('registrationInput', () => {
  it('drops read-only fields and passes tags separately', () => {
    const input = registrationInput({ ...described, tags: [{ key: 'team', value: 'shop' }] }) as unknown as Record<string, unknown>;
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'registeredAt',
      'registeredBy',
      'compatibilities',
      'requiresAttributes',
    ]) {
      expect(input).not.toHaveProperty(field);
    }
    expect(input.family).toBe('api');
    expect(input.tags).toEqual([{ key: 'team', value: 'shop' }]);
  });
});

test('the change check compares what ECS stores: keys the SDK drops (x- notes, fields ECS does not define) are no change', () => {
  const withExtras = {
    ...rendered,
    'x-anchors': { shared: true },
    containerDefinitions: [
      {
        ...rendered.containerDefinitions[0],
        'x-note': 'n',
        futureField: { kept: false },
        portMappings: [{ containerPort: 8080, containerport: 1 }],
      },
    ],
  };
  expect(canonicalTaskDefinition(withExtras)).toBe(canonicalTaskDefinition(described));
  expect(changedFields(withExtras, described)).toEqual([]);
});
