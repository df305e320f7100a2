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

/** True when waiting longer may help: throttling, or AWS not answering (5xx, network trouble). */
export function isTransient(error: unknown): boolean {
  const status = (error as SdkErrorLike)?.$metadata?.httpStatusCode;
  return isThrottling(error) || status === 429 || isUnreachable(error);
}

/**
 * AWS did not answer the request: a 5xx, or no HTTP answer at all (connection refused or reset,
 * a timeout, a name that does not resolve), after the SDK's own retries. Throttling is an answer.
 */
export function isUnreachable(error: unknown): boolean {
  const e = error as SdkErrorLike;
  if (isThrottling(error)) return false;
  if (e?.$fault === 'server') return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up|TimeoutError/i.test(
    `${e?.name} ${e?.code} ${(error as Error)?.message}`,
  );
}
