import { ConfigurationError } from '../errors.js';
import { invalid, quoted } from './parse.js';

/** AWS region names, in every partition: us-east-1, cn-north-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1... */
export const REGION_PATTERN = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}';
const REGION_NAME = new RegExp(`^${REGION_PATTERN}$`);
const EXPECTED_REGION = 'an AWS region name such as eu-west-1';
const REGION_VARIABLES = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

export function parseRegion(input: string, value: string): string {
  if (!REGION_NAME.test(value)) throw invalid(input, value, EXPECTED_REGION);
  return value;
}

/** The "aws-region" input if set, else AWS_REGION, else AWS_DEFAULT_REGION; each error names its source. */
export function resolveRegion(explicit?: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (explicit) return parseRegion('aws-region', explicit);
  const variable = REGION_VARIABLES.find((name) => env[name]);
  if (!variable) {
    throw new ConfigurationError(
      'No AWS region: set the "aws-region" input or AWS_REGION (aws-actions/configure-aws-credentials sets it).',
    );
  }
  const region = env[variable] ?? '';
  if (!REGION_NAME.test(region)) {
    throw new ConfigurationError(`${variable} has value "${quoted(region)}": expected ${EXPECTED_REGION} (or set the "aws-region" input).`);
  }
  return region;
}
