import { DEFAULT_WEIGHT_HEADER, type CloudFrontCanaryOptions } from '../../src/canary/cloudfront/options.js';
import { ConfigurationError } from '../../src/errors.js';
import { optionalInput } from '../../src/github/inputs.js';
import { invalid } from '../../src/inputs/parse.js';
import type { CommonInputs } from './inputs.js';

/** CloudFront's distribution IDs: upper-case letters and digits (E2QWRUHAPOMQZL). */
const DISTRIBUTION_ID = /^[A-Z0-9]{8,32}$/;
/** An origin ID: up to 128 printable characters (CloudFront's limit). */
const ORIGIN_ID = /^[^\p{Cc}]{1,128}$/u;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/** Which input carries each setting the core may find wrong once it looks (nameInputs). */
export const CLOUDFRONT_INPUT_NAMES = { originId: 'canary-origin-id', distributionId: 'distribution-id' } as const;

/** mode cloudfront's inputs, read after the common ones and before any AWS call. */
export function readCloudFrontInputs(common: CommonInputs): CloudFrontCanaryOptions {
  const distributionId = required('distribution-id');
  if (!DISTRIBUTION_ID.test(distributionId)) {
    throw invalid('distribution-id', distributionId, 'a CloudFront distribution ID such as E2QWRUHAPOMQZL (upper-case letters and digits)');
  }
  const originId = required('canary-origin-id');
  if (!ORIGIN_ID.test(originId))
    throw invalid('canary-origin-id', originId, 'the ID of an origin of the distribution (1 to 128 characters)');
  const weightHeader = optionalInput('weight-header') ?? DEFAULT_WEIGHT_HEADER;
  if (!HEADER_NAME.test(weightHeader)) throw invalid('weight-header', weightHeader, 'an HTTP header name such as x-canary-weight');
  return { walk: common.walk, distributionId, originId, weightHeader: weightHeader.toLowerCase() };
}

function required(name: string): string {
  const value = optionalInput(name);
  if (value === undefined) throw new ConfigurationError(`Input required and not supplied: ${name} (mode cloudfront needs it)`);
  return value;
}
