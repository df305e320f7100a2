import { randomBytes } from 'node:crypto';
import { CONTROL_VERBS } from '../../control.js';
import { AwsError } from '../../errors.js';
import type { RequestContext, ServiceDefinition } from '../../types.js';
import type { World } from '../../world.js';
import { verifyIdToken } from './oidc.js';
import { stsState } from './state.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MAX_SESSION_SECONDS = 3600; // an IAM role's default MaxSessionDuration

const validation = (message: string) => new AwsError('ValidationError', message);
const randomId = (prefix: string, length: number) =>
  prefix +
  randomBytes(length)
    .toString('base64')
    .replace(/[^A-Z0-9]/gi, '')
    .toUpperCase()
    .slice(0, length - prefix.length)
    .padEnd(length - prefix.length, '7');

function assumeRoleWithWebIdentity(input: Record<string, string>, ctx: RequestContext) {
  const { RoleArn = '', RoleSessionName = '', WebIdentityToken = '' } = input;
  if (RoleArn.length < 20) {
    throw validation(
      `1 validation error detected: Value '${RoleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`,
    );
  }
  if (!SESSION_NAME.test(RoleSessionName)) {
    throw validation(
      `1 validation error detected: Value '${RoleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
  if (duration < 900) {
    throw validation(
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  }
  if (duration > MAX_SESSION_SECONDS) {
    throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const role = ROLE_ARN.exec(RoleArn);
  if (!role || role[1] !== ctx.accountId)
    throw new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
  const verified = verifyIdToken(ctx.world, WebIdentityToken);
  if ('error' in verified) {
    throw verified.error === 'expired'
      ? new AwsError('ExpiredTokenException', verified.message)
      : new AwsError('InvalidIdentityToken', verified.message);
  }
  const state = stsState(ctx.world);
  const lifetime = state.lifetimeSeconds ?? duration;
  const session = {
    accessKeyId: randomId('ASIA', 20),
    secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
    sessionToken: `IQoJsim${randomBytes(96).toString('base64')}`,
    expiration: new Date(Date.now() + lifetime * 1000),
    roleArn: RoleArn,
    sessionName: RoleSessionName,
  };
  state.sessions.set(session.accessKeyId, session);
  const roleName = RoleArn.split(':role/')[1].split('/').pop();
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration,
    },
    SubjectFromWebIdentityToken: verified.claims.sub,
    AssumedRoleUser: {
      AssumedRoleId: `AROASIMULATOR0ROLE:${RoleSessionName}`,
      Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${RoleSessionName}`,
    },
    Provider: verified.claims.iss.replace(/^https:\/\//, ''),
    Audience: verified.claims.aud,
  };
}

/**
 * Rejects a request signed with a session key STS issued that has expired, as every AWS service
 * does. Called centrally by the server for every operation.
 */
export function rejectExpiredSession(
  world: World,
  accessKeyId: string | undefined,
  protocol: 'json' | 'query' | 'rest-json' | 'rest-xml',
): void {
  if (!accessKeyId) return;
  const session = stsState(world).sessions.get(accessKeyId);
  if (session && session.expiration.getTime() <= Date.now()) {
    throw new AwsError(
      protocol !== 'query' ? 'ExpiredTokenException' : 'ExpiredToken',
      'The security token included in the request is expired',
    );
  }
}

/** POST /_sim/sts/lifetime {"seconds": 3}: every new session lasts that long ({} restores DurationSeconds). */
export function setSessionLifetime(world: World, seconds: number | undefined): void {
  stsState(world).lifetimeSeconds = seconds;
}

CONTROL_VERBS.set('sts/lifetime', (world, body: { seconds?: number }) => {
  if (body.seconds !== undefined && !(Number(body.seconds) > 0)) throw new Error('seconds must be a positive number');
  setSessionLifetime(world, body.seconds === undefined ? undefined : Number(body.seconds));
  return { seconds: stsState(world).lifetimeSeconds ?? null };
});

export const sts: ServiceDefinition = {
  signingName: 'sts',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  handlers: {
    GetCallerIdentity: (_input, ctx) => {
      const session = ctx.accessKeyId ? stsState(ctx.world).sessions.get(ctx.accessKeyId) : undefined;
      if (session) {
        const roleName = session.roleArn.split(':role/')[1].split('/').pop();
        return {
          UserId: `AROASIMULATOR0ROLE:${session.sessionName}`,
          Account: ctx.accountId,
          Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${session.sessionName}`,
        };
      }
      return {
        UserId: 'AIDASIMULATOR',
        Account: ctx.accountId,
        Arn: `arn:aws:iam::${ctx.accountId}:user/simulator`,
      };
    },
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  },
};
