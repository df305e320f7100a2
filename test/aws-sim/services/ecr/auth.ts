import { randomBytes } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { RequestContext } from '../../types.js';
import type { World } from '../../world.js';
import { ecrState } from './state.js';

const TOKEN_LIFETIME_SECONDS = 12 * 3600; // ECR tokens are valid for 12 hours
const fakePasswords = new WeakMap<World, string>();

/** ECR's password when no registry backs the simulator: long, random, stable per world. */
function fakePassword(world: World): string {
  if (!fakePasswords.has(world)) fakePasswords.set(world, `eyJwYXlsb2FkIjoi${randomBytes(96).toString('base64')}`);
  return fakePasswords.get(world)!;
}

/**
 * GetAuthorizationToken: one entry per requested registry ID (or the caller's). The username is
 * always AWS; with a real registry the password is the registry's and proxyEndpoint its URL.
 */
export function getAuthorizationToken(input: { registryIds?: string[] }, ctx: RequestContext) {
  // registryIds: 1 to 10 items when given (the SDK sends an empty list as [] too).
  if (input.registryIds !== undefined && (input.registryIds.length < 1 || input.registryIds.length > 10)) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '[${input.registryIds.join(', ')}]' at 'registryIds' failed to satisfy constraint: Member must have length ${input.registryIds.length ? 'less than or equal to 10' : 'greater than or equal to 1'}`,
    );
  }
  const ids = input.registryIds ?? [ctx.accountId];
  const bad = ids.find((id) => !/^[0-9]{12}$/.test(String(id)));
  if (bad !== undefined) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '[${ids.join(', ')}]' at 'registryIds' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]{12}]`,
    );
  }
  ecrState(ctx.world).tokenRequests.push({ region: ctx.region, registryIds: input.registryIds ?? [] });
  const registry = ctx.world.registry;
  const password = registry ? registry.password : fakePassword(ctx.world);
  const authorizationToken = Buffer.from(`AWS:${password}`).toString('base64');
  const expiresAt = Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS;
  return {
    authorizationData: ids.map((id) => ({
      authorizationToken,
      expiresAt,
      // Each registry ID has its own endpoint. The real registry stands in for the caller's own
      // registry only: another account's endpoint stays that account's ECR host.
      proxyEndpoint: registry && id === ctx.accountId ? registry.url : `https://${id}.dkr.ecr.${ctx.region}.amazonaws.com`,
    })),
  };
}
