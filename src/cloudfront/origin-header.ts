import type { DistributionConfig, Origin } from '@aws-sdk/client-cloudfront';
import { invalidSetting } from '../inputs/setting-error.js';

/**
 * One custom header of one origin in a distribution config: read it, or set it in a copy that is
 * otherwise the config as read, member for member (UpdateDistribution replaces the whole config,
 * so anything left out or reordered would change the distribution).
 */

function findOrigin(config: DistributionConfig, originId: string): Origin {
  const origins = config.Origins?.Items ?? [];
  const origin = origins.find((o) => o.Id === originId);
  if (!origin) {
    const ids = origins.map((o) => o.Id).join(', ') || 'none';
    throw invalidSetting('originId', originId, `the ID of an origin of the distribution (it has: ${ids})`);
  }
  return origin;
}

/** The header's value on the origin (names compare case-insensitively, as HTTP's do), if it has it. */
export function originHeader(config: DistributionConfig, originId: string, headerName: string): string | undefined {
  const items = findOrigin(config, originId).CustomHeaders?.Items ?? [];
  return items.find((h) => h.HeaderName?.toLowerCase() === headerName.toLowerCase())?.HeaderValue;
}

/** A copy of `config` with the header set on the origin (added at the end when it had none). */
export function withOriginHeader(
  config: DistributionConfig,
  change: { originId: string; headerName: string; value: string },
): DistributionConfig {
  const copy = structuredClone(config);
  const origin = findOrigin(copy, change.originId);
  const items = [...(origin.CustomHeaders?.Items ?? [])];
  const at = items.findIndex((h) => h.HeaderName?.toLowerCase() === change.headerName.toLowerCase());
  if (at >= 0) items[at] = { ...items[at], HeaderValue: change.value };
  else items.push({ HeaderName: change.headerName, HeaderValue: change.value });
  origin.CustomHeaders = { ...origin.CustomHeaders, Quantity: items.length, Items: items };
  return copy;
}
