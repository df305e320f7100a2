import type { CanaryWalkOptions } from '../options.js';

/** mode cloudfront: which distribution, and which origin carries the share for the edge function. */
export interface CloudFrontCanaryOptions {
  walk: CanaryWalkOptions;
  distributionId: string;
  /** The origin (in the distribution's config) whose custom headers the canary router reads. */
  originId: string;
  /** The custom header that carries the canary's share in percent (the router's x-canary-weight). */
  weightHeader: string;
}

/** The header holding the canary origin's domain, which the router needs beside the share. */
export const CANARY_ORIGIN_HEADER = 'x-canary-origin';
export const DEFAULT_WEIGHT_HEADER = 'x-canary-weight';
