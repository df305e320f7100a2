import { invalid } from './parse.js';

/**
 * An ARN names its partition (arn:aws:..., arn:aws-cn:..., arn:aws-us-gov:...), and a region
 * belongs to exactly one. AWS refuses an ARN of another partition with an error that names
 * neither, so it is refused here, before any call, naming the input.
 */

/** Region prefixes of the partitions other than aws (the AWS SDK's partitions.json regionRegex). */
const PARTITIONS: Array<[RegExp, string]> = [
  [/^cn-/, 'aws-cn'],
  [/^us-gov-/, 'aws-us-gov'],
  [/^us-iso-/, 'aws-iso'],
  [/^us-isob-/, 'aws-iso-b'],
  [/^eu-isoe-/, 'aws-iso-e'],
  [/^us-isof-/, 'aws-iso-f'],
  [/^eusc-/, 'aws-eusc'],
];

export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => prefix.test(region))?.[1] ?? 'aws';
}

/** Throws when `value` is an ARN of another partition than `region`'s; names and unset values pass. */
export function requireRegionPartition(input: string, value: string | undefined, region: string): void {
  if (!value?.startsWith('arn:')) return;
  const partition = value.split(':')[1];
  const expected = partitionOf(region);
  if (partition === expected) return;
  throw invalid(input, value, `an ARN of partition ${expected}, the partition of region ${region} (arn:${expected}:...), not ${partition}`);
}
