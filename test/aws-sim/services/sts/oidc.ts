import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { World } from '../../world.js';
import { stsState } from './state.js';

/**
 * A stand-in for the runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL):
 * GET /_oidc/token?api-version=2.0&audience=<aud> with `Authorization: Bearer <request token>`
 * answers {"value": "<JWT>"}, as GitHub's does. Tokens are HS256-signed with the world's key,
 * which the simulated STS verifies in AssumeRoleWithWebIdentity.
 */

export const ISSUER = 'https://token.actions.githubusercontent.com';
export const OIDC_PATH = '/_oidc/token';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function sign(world: World, payload: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'simulator' }));
  const body = b64url(JSON.stringify(payload));
  const signature = createHmac('sha256', stsState(world).signingKey).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** `claims` replace the defaults (the workflow runner passes each job's sub, environment, job_workflow_ref...). */
export function issueIdToken(world: World, audience: string, claims: Record<string, string> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return sign(world, {
    iss: ISSUER,
    aud: audience,
    sub: 'repo:acme/shop:ref:refs/heads/main',
    repository: 'acme/shop',
    ref: 'refs/heads/main',
    ...claims,
    iat: now,
    nbf: now,
    exp: now + stsState(world).tokenLifetimeSeconds,
  });
}

/** The claims of a token this stand-in issued, or the reason it is not acceptable. */
export function verifyIdToken(
  world: World,
  token: string,
): { claims: Record<string, any> } | { error: 'invalid' | 'expired'; message: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'invalid', message: 'The ID token is not a JWT.' };
  const expected = createHmac('sha256', stsState(world).signingKey).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { error: 'invalid', message: "Could not verify the signature of the ID token with the provider's keys." };
  }
  let claims: Record<string, any>;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { error: 'invalid', message: 'The ID token payload is not JSON.' };
  }
  if (claims.iss !== ISSUER) return { error: 'invalid', message: `No OpenIDConnect provider found in your account for ${claims.iss}` };
  if (!stsState(world).audiences.includes(claims.aud)) {
    return { error: 'invalid', message: 'Incorrect token audience' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) {
    return { error: 'expired', message: 'Token expired: current date/time must be before the expiration date/time.' };
  }
  return { claims };
}

/** Env that makes @actions/core's getIDToken ask the simulator (as the runner sets it for `id-token: write`). */
export function oidcEnv(sim: { url: string; world: World }): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${sim.url}${OIDC_PATH}?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: stsState(sim.world).requestToken,
  };
}

export function handleOidcToken(world: World, req: IncomingMessage, res: ServerResponse): void {
  world.count('oidc.GetIdToken');
  const url = new URL(req.url ?? '/', 'http://simulator');
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'GET') return send(405, { message: 'Method not allowed' });
  if (String(req.headers.authorization ?? '') !== `Bearer ${stsState(world).requestToken}`) {
    return send(401, { message: 'Bad credentials' });
  }
  send(200, { count: 1, value: issueIdToken(world, url.searchParams.get('audience') ?? 'https://github.com/acme') });
}
