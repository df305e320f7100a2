import { ConfigurationError } from '../../../src/errors.js';
import { partitionOf, requireRegionPartition } from '../../../src/inputs/arn.js';

/** Issue 7 finding 13: an ARN of another partition than the region's is refused, naming the input. */

test.each([
  ['eu-west-1', 'aws'],
  ['us-east-1', 'aws'],
  ['cn-north-1', 'aws-cn'],
  ['cn-northwest-1', 'aws-cn'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-iso-east-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['eu-isoe-west-1', 'aws-iso-e'],
  ['us-isof-south-1', 'aws-iso-f'],
  ['eusc-de-east-1', 'aws-eusc'],
])('%s is in partition %s', (region, partition) => {
  expect(partitionOf(region)).toBe(partition);
});

test("an ARN of the region's partition, or no ARN at all, is accepted", () => {
  expect(() => requireRegionPartition('cluster', 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod', 'eu-west-1')).not.toThrow();
  expect(() => requireRegionPartition('role-to-assume', 'arn:aws-us-gov:iam::123456789012:role/deploy', 'us-gov-west-1')).not.toThrow();
  expect(() => requireRegionPartition('cluster', 'prod', 'cn-north-1')).not.toThrow();
  expect(() => requireRegionPartition('cluster', undefined, 'cn-north-1')).not.toThrow();
});

test('an ARN of another partition is a one-line ConfigurationError naming the input and both partitions', () => {
  const refuse = () => requireRegionPartition('role-to-assume', 'arn:aws-cn:iam::123456789012:role/deploy', 'eu-west-1');
  expect(refuse).toThrow(ConfigurationError);
  expect(refuse).toThrow(
    'Input "role-to-assume" has value "arn:aws-cn:iam::123456789012:role/deploy": expected an ARN of partition aws, the partition of region eu-west-1 (arn:aws:...), not aws-cn.',
  );
  expect(() =>
    requireRegionPartition('task-definition-arn', 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3', 'us-gov-west-1'),
  ).toThrow(
    /^Input "task-definition-arn" has value ".*": expected an ARN of partition aws-us-gov, the partition of region us-gov-west-1 \(arn:aws-us-gov:\.\.\.\), not aws\.$/,
  );
});
