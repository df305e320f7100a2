import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { originHeader } from '../../cloudfront/origin-header.js';
import { invalidSetting } from '../../inputs/setting-error.js';
import { CANARY_ORIGIN_HEADER, type CloudFrontCanaryOptions } from './options.js';

/** Traffic by side, in percent, for the timeline and outputs. */
export const shares = (canary: number): Record<string, number> => ({ canary, stable: 100 - canary });

/**
 * The share the canary router reads from the origin now. A missing or unreadable value routes
 * nothing to the canary at the edge (the router fails safe to stable), so it reads as 0%.
 */
export function shareFound(
  config: DistributionConfig,
  options: Pick<CloudFrontCanaryOptions, 'originId' | 'weightHeader'>,
): { share: number; raw?: string } {
  const raw = originHeader(config, options.originId, options.weightHeader);
  const share = raw !== undefined && /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : NaN;
  return { share: share >= 0 && share <= 100 ? share : 0, raw };
}

/** Without the canary origin's domain on the origin, the router sends no one to the canary: refuse before any change. */
export function requireCanaryOrigin(config: DistributionConfig, originId: string): string {
  const domain = originHeader(config, originId, CANARY_ORIGIN_HEADER);
  if (!domain?.trim()) {
    throw invalidSetting(
      'originId',
      originId,
      `an origin with the custom header ${CANARY_ORIGIN_HEADER} holding the canary origin's domain name (the canary router reads it)`,
    );
  }
  return domain.trim();
}
