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

/** An IAM role ARN: an optional path (/service-role/...), then a name of up to 64 characters (IAM's limits). */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** `exampleName` completes the example the message gives (arn:aws:iam::123456789012:role/<exampleName>). */
export function parseRoleArn(input: string, value: string, exampleName = 'deploy'): string {
  if (!ROLE_ARN.test(value)) throw invalid(input, value, `an IAM role ARN such as arn:aws:iam::123456789012:role/${exampleName}`);
  return value;
}

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
