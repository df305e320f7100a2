// Lambda@Edge canary router for route-canary's cloudfront mode. Plain JavaScript, no dependencies,
// no environment variables (Lambda@Edge has none): everything it needs travels as custom headers
// on the origin in the distribution config, which route-canary updates.
//
//   x-canary-weight  the canary's share in whole percent, 0 to 100 ("25")
//   x-canary-origin  the canary origin's domain name ("api-beta.internal.example.com")
//
// Attach it to the cache behavior as an origin-request trigger (and, to keep viewers on one side
// without the origin's help, the same version as an origin-response trigger). Each viewer gets a
// random bucket 0-99 in the cookie `ecs-ship-canary`; a viewer goes to the canary while its bucket
// is below the share. So a viewer stays on its side while the share holds, moves to the canary
// only as the share rises, and every viewer is back on stable when the share drops to 0.
// Anything unreadable (a missing or bad header) sends the request to stable, unchanged.

import { randomInt } from 'node:crypto';

export const WEIGHT_HEADER = 'x-canary-weight';
export const ORIGIN_HEADER = 'x-canary-origin';
export const COOKIE_NAME = 'ecs-ship-canary';
/** How long a viewer keeps its bucket: a day, longer than any sensible canary. */
export const COOKIE_MAX_AGE_SECONDS = 86400;

const WEIGHT = /^\s*(\d{1,3})\s*$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const BUCKET = /^\d{1,2}$/;

/** The canary's share in percent, or undefined when the header is missing or not 0 to 100. */
export function parseWeight(value) {
  const match = WEIGHT.exec(value ?? '');
  const weight = match ? Number(match[1]) : NaN;
  return weight >= 0 && weight <= 100 ? weight : undefined;
}

export function parseCanaryOrigin(value) {
  const domain = (value ?? '').trim();
  return DOMAIN.test(domain) ? domain.toLowerCase() : undefined;
}

/** The viewer's bucket from its Cookie headers, or undefined when it has none (or a bad one). */
export function bucketFromCookies(headers) {
  for (const { value } of headers?.cookie ?? []) {
    for (const pair of String(value).split(';')) {
      const at = pair.indexOf('=');
      if (at < 0 || pair.slice(0, at).trim() !== COOKIE_NAME) continue;
      const bucket = pair.slice(at + 1).trim();
      if (BUCKET.test(bucket)) return Number(bucket);
    }
  }
  return undefined;
}

const first = (entries) => (Array.isArray(entries) && entries.length ? String(entries[0].value) : undefined);

/** Removes this function's headers so they never reach an origin. */
function stripOwnHeaders(headers) {
  if (!headers) return;
  delete headers[WEIGHT_HEADER];
  delete headers[ORIGIN_HEADER];
}

/** Adds the bucket to the request's Cookie header, so the origin (and the origin-response trigger) see it. */
function addBucketCookie(request, bucket) {
  const cookies = request.headers.cookie ?? [];
  if (cookies.length) cookies[0] = { key: cookies[0].key ?? 'Cookie', value: `${cookies[0].value}; ${COOKIE_NAME}=${bucket}` };
  else cookies.push({ key: 'Cookie', value: `${COOKIE_NAME}=${bucket}` });
  request.headers.cookie = cookies;
}

function routeRequest(request, random) {
  const custom = request.origin?.custom;
  const ownHeaders = custom?.customHeaders ?? {};
  const weight = parseWeight(first(ownHeaders[WEIGHT_HEADER]));
  const canaryOrigin = parseCanaryOrigin(first(ownHeaders[ORIGIN_HEADER]));
  stripOwnHeaders(custom?.customHeaders);
  stripOwnHeaders(request.origin?.s3?.customHeaders);
  stripOwnHeaders(request.headers);
  if (!custom || weight === undefined || canaryOrigin === undefined) return request; // fail safe: stable, as configured

  let bucket = bucketFromCookies(request.headers);
  if (bucket === undefined) {
    bucket = random(100);
    addBucketCookie(request, bucket);
  }
  if (bucket >= weight) return request;

  // The canary: same protocol, port and timeouts, another domain. The Host header follows the
  // origin only when it named the stable origin (no Host forwarded); a viewer's Host is kept.
  const stableDomain = custom.domainName;
  custom.domainName = canaryOrigin;
  const host = first(request.headers.host);
  if (host === undefined || host.toLowerCase() === String(stableDomain).toLowerCase()) {
    request.headers.host = [{ key: 'Host', value: canaryOrigin }];
  }
  return request;
}

/** origin-response: gives the viewer the bucket it was routed by, unless the origin already set it. */
function keepViewerOnSide(request, response) {
  const bucket = bucketFromCookies(request?.headers);
  if (bucket === undefined) return response;
  const setCookies = response.headers['set-cookie'] ?? [];
  if (setCookies.some(({ value }) => String(value).trim().startsWith(`${COOKIE_NAME}=`))) return response;
  setCookies.push({
    key: 'Set-Cookie',
    value: `${COOKIE_NAME}=${bucket}; Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; Secure; HttpOnly; SameSite=Lax`,
  });
  response.headers['set-cookie'] = setCookies;
  return response;
}

/** A handler with its source of randomness: `random(n)` returns a whole number from 0 to n - 1. */
export function createHandler({ random = randomInt } = {}) {
  return async (event) => {
    const cf = event.Records[0].cf;
    if (cf.config?.eventType === 'origin-response' && cf.response) return keepViewerOnSide(cf.request, cf.response);
    return routeRequest(cf.request, random);
  };
}

export const handler = createHandler();
