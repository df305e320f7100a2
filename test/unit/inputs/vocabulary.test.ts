import { ConfigurationError } from '../../../src/errors.js';
import { parseRoleArn } from '../../../src/inputs/arn.js';
import { ecrRegistryHost } from '../../../src/inputs/ecr-host.js';
import { parseEnvironmentLines } from '../../../src/inputs/environment.js';
import { parseDuration } from '../../../src/inputs/parse.js';
import { parseRegion, resolveRegion } from '../../../src/inputs/region.js';
import { parseTaskDefinitionReference } from '../../../src/inputs/task-definition-reference.js';

/** Issue 8 item 3: each input rule lives once in src/inputs, and every action uses that copy. */

test.each(['eu-west-1', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'eusc-de-east-1', 'ap-southeast-10'])(
  'region %s is a region name',
  (region) => {
    expect(parseRegion('aws-region', region)).toBe(region);
    expect(resolveRegion(undefined, { AWS_REGION: region })).toBe(region);
  },
);

test.each(['Ireland', 'eu-west', 'eu_west_1', 'mars-1'])('region %s is refused, naming the input', (region) => {
  expect(() => parseRegion('aws-region', region)).toThrow(
    new ConfigurationError(`Input "aws-region" has value "${region}": expected an AWS region name such as eu-west-1.`),
  );
});

test('a region comes from the input, else AWS_REGION, else AWS_DEFAULT_REGION, each error naming its source', () => {
  expect(resolveRegion('eu-west-1', { AWS_REGION: 'us-east-1' })).toBe('eu-west-1');
  expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: 'eu-central-1' })).toBe('eu-central-1');
  expect(() => resolveRegion(undefined, {})).toThrow('No AWS region: set the "aws-region" input or AWS_REGION');
  expect(() => resolveRegion(undefined, { AWS_REGION: 'x' })).toThrow('AWS_REGION has value "x"');
});

test.each([
  'arn:aws:iam::123456789012:role/deploy',
  'arn:aws:iam::123456789012:role/service-role/ecsTaskExecutionRole',
  'arn:aws-cn:iam::123456789012:role/a+b=c,d.e@f_g-h',
])('role ARN %s is accepted', (arn) => {
  expect(parseRoleArn('role-to-assume', arn)).toBe(arn);
});

test.each([
  'deploy',
  'arn:aws:iam::123456789012:user/deploy',
  'arn:aws:iam::12345678901:role/deploy',
  `arn:aws:iam::123456789012:role/${'r'.repeat(65)}`,
  'arn:aws:iam::123456789012:role/',
])('role ARN %s is refused, naming the input', (arn) => {
  expect(() => parseRoleArn('task-role-arn', arn, 'app')).toThrow(
    new ConfigurationError(
      `Input "task-role-arn" has value "${arn}": expected an IAM role ARN such as arn:aws:iam::123456789012:role/app.`,
    ),
  );
});

test('a duration may have bounds; the message says them', () => {
  expect(parseDuration('timeout', '2s', { min: 1000 })).toBe(2000);
  expect(() => parseDuration('timeout', '0s', { min: 1000 })).toThrow(
    'Input "timeout" has value "0s": expected a duration of at least 1s.',
  );
  expect(() => parseDuration('poll-interval', '10ms', { min: 250, max: 300_000, example: '3s' })).toThrow(
    'Input "poll-interval" has value "10ms": expected a duration from 250ms to 5m, such as 3s.',
  );
  expect(() => parseDuration('wait', '2h', { max: 3_600_000 })).toThrow('Input "wait" has value "2h": expected a duration of at most 1h.');
  expect(() => parseDuration('timeout', 'soon', { min: 1000 })).toThrow('expected a duration such as 90s, 10m or 1h30m.');
});

test('environment lines take container variable names, the same rule in every action', () => {
  expect(parseEnvironmentLines('environment', 'DATABASE_URL=postgres://x\nspring.profiles.active=prod\nLOG-LEVEL=debug')).toEqual([
    ['DATABASE_URL', 'postgres://x'],
    ['spring.profiles.active', 'prod'],
    ['LOG-LEVEL', 'debug'],
  ]);
  expect(() => parseEnvironmentLines('environment', '1ST=x')).toThrow('Input "environment" has value "1ST=x": expected KEY=value lines.');
  expect(() => parseEnvironmentLines('environment', 'A B=x')).toThrow('Input "environment" has value "A B=x": expected KEY=value lines.');
});

test('a task definition reference is a family, family:revision or ARN; a revision may be required', () => {
  const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:3';
  expect(parseTaskDefinitionReference('task-definition-arn', 'shop:3')).toBe('shop:3');
  expect(parseTaskDefinitionReference('task-definition-arn', arn, { revision: true })).toBe(arn);
  expect(parseTaskDefinitionReference('task-definition-arn', 'shop')).toBe('shop');
  expect(() => parseTaskDefinitionReference('task-definition-arn', 'shop', { revision: true })).toThrow(
    'Input "task-definition-arn" has value "shop": expected a task definition ARN or family:revision.',
  );
  expect(() => parseTaskDefinitionReference('task-definition-arn', 'shop:latest')).toThrow(ConfigurationError);
});

test('an ECR registry host names its account and region, in every partition', () => {
  expect(ecrRegistryHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({ registryId: '123456789012', region: 'eu-west-1' });
  expect(ecrRegistryHost('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com')).toEqual({
    registryId: '123456789012',
    region: 'us-gov-west-1',
  });
  expect(ecrRegistryHost('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn')).toEqual({ registryId: '123456789012', region: 'cn-north-1' });
  expect(ecrRegistryHost('ghcr.io')).toBeUndefined();
  expect(ecrRegistryHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io')).toBeUndefined();
});
