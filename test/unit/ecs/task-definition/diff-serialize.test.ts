import { changedFields, diffTaskDefinitions } from '../../../../src/ecs/task-definition/diff.js';
import { serializeTaskDefinition } from '../../../../src/ecs/task-definition/json.js';

test('serializes with keys sorted at every level and list order kept', () => {
  expect(serializeTaskDefinition({ b: 1, a: { d: 1, c: [{ z: 1, y: 2 }, 'x'] } })).toBe(
    '{\n  "a": {\n    "c": [\n      {\n        "y": 2,\n        "z": 1\n      },\n      "x"\n    ],\n    "d": 1\n  },\n  "b": 1\n}\n',
  );
});

test('the diff shows images, keys and sizes, never values', () => {
  const live = {
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: 'app:1',
        environment: [
          { name: 'A', value: 'secret-ish-1' },
          { name: 'B', value: 'x' },
        ],
        secrets: [{ name: 'S', valueFrom: 'arn:1' }],
      },
      { name: 'old', image: 'o:1' },
    ],
  };
  const rendered = {
    cpu: '256',
    memory: '1024',
    containerDefinitions: [
      {
        name: 'web',
        image: 'app:2',
        environment: [
          { name: 'A', value: 'secret-ish-2' },
          { name: 'C', value: 'y' },
        ],
        secrets: [
          { name: 'S', valueFrom: 'arn:2' },
          { name: 'T', valueFrom: 'arn:3' },
        ],
      },
      { name: 'new', image: 'n:1' },
    ],
  };
  const changes = diffTaskDefinitions(live, rendered);
  expect(changes).toEqual([
    { container: '(task)', field: 'memory', change: '512 → 1024' },
    { container: 'web', field: 'image', change: 'app:1 → app:2' },
    { container: 'web', field: 'environment', change: 'added C; removed B; changed A' },
    { container: 'web', field: 'secrets', change: 'added T; changed S' },
    { container: 'new', field: 'container', change: 'added (image n:1)' },
    { container: 'old', field: 'container', change: 'removed' },
  ]);
  expect(JSON.stringify(changes)).not.toMatch(/secret-ish|arn:/);
});

test('no change gives no rows', () => {
  const doc = { cpu: '256', containerDefinitions: [{ name: 'w', image: 'i', cpu: 0 }] };
  expect(diffTaskDefinitions(doc, { ...doc, containerDefinitions: [{ name: 'w', image: 'i' }] })).toEqual([]);
});

test('the change table and the registration check are one comparison: what ECS fills in or drops is no change', () => {
  const live = {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:3',
    cpu: '256',
    containerDefinitions: [
      {
        name: 'w',
        image: 'i',
        essential: true,
        cpu: 0,
        command: [],
        mountPoints: [],
        portMappings: [{ containerPort: 80, protocol: 'tcp' }],
      },
    ],
  };
  const rendered = {
    cpu: 256,
    containerDefinitions: [{ name: 'w', image: 'i', portMappings: [{ containerPort: 80 }], 'x-note': 'kept out' }],
  };
  expect(diffTaskDefinitions(live, rendered)).toEqual([]);
  expect(changedFields(live, rendered)).toEqual([]);
  expect(diffTaskDefinitions(live, { ...rendered, containerDefinitions: [{ name: 'w', image: 'i', command: ['migrate'] }] })).toEqual([
    { container: 'w', field: 'command', change: 'changed' },
  ]);
});
