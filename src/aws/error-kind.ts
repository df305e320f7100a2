/**
 * Which AWS errors a wait can outlast. Throttling and server errors are retried by the SDK; if
 * they still come through, the next poll tries again. Everything a client error says about the
 * request itself (access denied, expired credentials, a missing service or cluster) will be the
 * same on the next poll, so it ends the wait at once.
 */

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

interface SdkErrorLike {
  name?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  code?: string;
}

export function errorName(error: unknown): string {
  const e = error as SdkErrorLike;
  return e?.name ?? e?.code ?? 'Error';
}

export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(errorName(error));
}

/** True when waiting longer may help: throttling, 5xx, network trouble (no HTTP answer). */
export function isTransient(error: unknown): boolean {
  const e = error as SdkErrorLike;
  if (isThrottling(error)) return true;
  if (e?.$fault === 'server') return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429;
  // Errors without an HTTP answer: connection reset, timeouts (the SDK retried them already).
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|TimeoutError/i.test(`${e?.name} ${(error as Error)?.message}`);
}
