import {
  modelledFields,
  nearestName,
  unknownTaskDefinitionKeys,
  withoutExtensionKeys,
} from '../../../../src/ecs/task-definition/schema.js';

test('keys are checked at every depth against the SDK model; maps (dockerLabels, options) take any key', () => {
  const document = {
    family: 'a',
    containerDefinitions: [
      {
        name: 'web',
        healthcheck: {},
        portMappings: [{ containerPort: 80, hostport: 80 }],
        dockerLabels: { anything: 'goes' },
        logConfiguration: { logDriver: 'awslogs', options: { 'any-option': 'x' } },
        linuxParameters: { capabilities: { add: ['NET_ADMIN'] }, initProcessEnabled: true },
      },
    ],
    volumes: [
      {
        name: 'v',
        efsVolumeConfiguration: { fileSystemId: 'fs-1', transitEncryption: 'ENABLED', authorizationConfig: { iam: 'ENABLED' } },
      },
    ],
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    ephemeralStorage: { sizeInGiB: 30 },
    tags: [{ key: 'team', value: 'shop' }],
    zzz: 1,
  };
  expect(unknownTaskDefinitionKeys(document)).toEqual([
    { path: 'containerDefinitions[0].healthcheck', suggestion: 'healthCheck' },
    { path: 'containerDefinitions[0].portMappings[0].hostport', suggestion: 'hostPort' },
    { path: 'zzz', suggestion: undefined },
  ]);
});

test('x- keys are dropped where field names are expected, kept as map keys', () => {
  const { document, dropped } = withoutExtensionKeys({
    'x-a': 1,
    family: 'f',
    containerDefinitions: [{ 'x-b': 2, name: 'n', dockerLabels: { 'x-c': '3' } }],
  });
  expect(document).toEqual({ family: 'f', containerDefinitions: [{ name: 'n', dockerLabels: { 'x-c': '3' } }] });
  expect(dropped).toEqual(['x-a', 'containerDefinitions[0].x-b']);
});

test('modelledFields keeps what the SDK sends', () => {
  expect(modelledFields({ family: 'f', revision: 3, containerDefinitions: [{ name: 'n', typo: 1 }] })).toEqual({
    family: 'f',
    containerDefinitions: [{ name: 'n' }],
  });
});

test('the nearest name: case first, then a small edit distance, else none', () => {
  expect(nearestName('HEALTHCHECK', ['healthCheck', 'hostname'])).toBe('healthCheck');
  expect(nearestName('portMapping', ['portMappings', 'links'])).toBe('portMappings');
  expect(nearestName('somethingElse', ['portMappings', 'links'])).toBeUndefined();
});
