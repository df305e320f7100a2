import { randomInt } from 'node:crypto';
import type { XmlNode } from '../../protocols/rest-xml.js';
import type { World } from '../../world.js';

/**
 * CloudFront distributions (global: no region). Each keeps its DistributionConfig as the element
 * tree it was last sent as, an ETag that changes with every change, and when its last change is
 * deployed: GetDistribution says InProgress until then (minutes at AWS, `deployMs` here).
 */

export interface DistributionRecord {
  id: string;
  arn: string;
  domainName: string;
  /** The DistributionConfig element as sent, without its xmlns. */
  config: XmlNode;
  etag: string;
  lastModifiedMs: number;
  deployedAtMs: number;
}

export interface CloudFrontTimings {
  /** How long a created or updated distribution stays InProgress before it is Deployed. */
  deployMs: number;
}

interface CloudFrontState {
  distributions: Map<string, DistributionRecord>;
  timings: CloudFrontTimings;
}

export const DEFAULT_CLOUDFRONT_TIMINGS: CloudFrontTimings = { deployMs: 150 };

export function cloudfrontState(world: World): CloudFrontState {
  return world.stateOf('cloudfront', () => ({ distributions: new Map(), timings: { ...DEFAULT_CLOUDFRONT_TIMINGS } }));
}

/** For tests: how long deployments take (merged into the current timings). */
export function setCloudFrontTimings(world: World, timings: Partial<CloudFrontTimings>): CloudFrontTimings {
  const state = cloudfrontState(world);
  state.timings = { ...state.timings, ...timings };
  return state.timings;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** CloudFront's IDs and ETags: E followed by 13 upper-case letters and digits (E2QWRUHAPOMQZL). */
export const cloudfrontId = () => `E${Array.from({ length: 13 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('')}`;

export function findDistribution(world: World, id: string): DistributionRecord | undefined {
  return cloudfrontState(world).distributions.get(id);
}

export const isDeployed = (record: DistributionRecord, nowMs = Date.now()) => nowMs >= record.deployedAtMs;

/** Stores a new config: a new ETag, and InProgress for deployMs. */
export function storeConfig(
  world: World,
  record: Omit<DistributionRecord, 'etag' | 'lastModifiedMs' | 'deployedAtMs'>,
): DistributionRecord {
  const state = cloudfrontState(world);
  const now = Date.now();
  const stored: DistributionRecord = { ...record, etag: cloudfrontId(), lastModifiedMs: now, deployedAtMs: now + state.timings.deployMs };
  state.distributions.set(record.id, stored);
  return stored;
}
