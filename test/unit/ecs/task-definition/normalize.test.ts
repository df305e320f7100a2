import { normalizeTaskDefinition } from '../../../../src/ecs/task-definition/normalize.js';

test('unwraps describe output, keeps its tags, drops read-only fields and nulls, keeps unknown fields', () => {
  const { document, notes } = normalizeTaskDefinition(
    {
      taskDefinition: {
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/a:3',
        family: 'a',
        revision: 3,
        status: 'ACTIVE',
        requiresAttributes: [],
        compatibilities: ['EC2'],
        registeredAt: '2024-01-01',
        registeredBy: 'me',
        deregisteredAt: null,
        cpu: 256,
        memory: null,
        containerDefinitions: [{ name: 'web', image: 'x', entryPoint: null, brandNewField: { a: 1 } }],
        someFutureTaskField: 'kept',
      },
      tags: [{ key: 'team', value: 'x' }],
    },
    'src',
  );
  expect(document).toEqual({
    family: 'a',
    cpu: '256',
    containerDefinitions: [{ name: 'web', image: 'x', brandNewField: { a: 1 } }],
    someFutureTaskField: 'kept',
    tags: [{ key: 'team', value: 'x' }],
  });
  expect(notes.join('\n')).toMatch(
    /dropped read-only taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy, deregisteredAt/,
  );
  expect(notes.join('\n')).toMatch(/dropped null memory, containerDefinitions\[0\]\.entryPoint/);
});

test('a document without containerDefinitions is an error', () => {
  expect(() => normalizeTaskDefinition({ family: 'a' }, 'src')).toThrow('src: containerDefinitions: missing');
});

test('the input is not mutated', () => {
  const input = { family: 'a', revision: 1, containerDefinitions: [] };
  normalizeTaskDefinition(input, 'src');
  expect(input.revision).toBe(1);
});
