import type { TokenBucket } from './modes.js';

/** One token bucket per account and region, as ECS meters its API: a burst, then a steady refill. */
export interface BucketState {
  tokens: number;
  at: number;
}

/** Takes one token for this call; false when the bucket is empty (the call is throttled). */
export function takeToken(buckets: Map<string, BucketState>, key: string, bucket: TokenBucket, now = Date.now()): boolean {
  const state = buckets.get(key) ?? { tokens: bucket.burst, at: now };
  state.tokens = Math.min(bucket.burst, state.tokens + ((now - state.at) / 1000) * bucket.refillPerSecond);
  state.at = now;
  buckets.set(key, state);
  if (state.tokens < 1) return false;
  state.tokens -= 1;
  return true;
}
