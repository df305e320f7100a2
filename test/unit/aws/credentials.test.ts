import { resolveCredentials, roleCredentialProvider, warnIfCredentialsExpireBefore } from '../../../src/aws/credentials.js';
import { memoryLogger } from '../../../src/logger.js';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

function setup(lifetimeMs: number) {
  let clock = 1_000_000;
  let issued = 0;
  const masked: string[] = [];
  const audiences: string[] = [];
  const deps = {
    now: () => clock,
    idToken: async (audience: string) => (audiences.push(audience), `token-${audiences.length}`),
    mask: (secret: string) => void masked.push(secret),
    logger: memoryLogger(),
    assumeRole: async (request: { webIdentityToken: string; durationSeconds: number; sessionName: string }) => {
      issued++;
      return {
        accessKeyId: `ASIA${issued}`,
        secretAccessKey: `secret-${issued}`,
        sessionToken: `session-${issued}`,
        expiration: new Date(clock + lifetimeMs),
        request,
      };
    },
  };
  return { deps, masked, audiences, issued: () => issued, advance: (ms: number) => void (clock += ms) };
}

describe('role credentials', () => {
  it('reuses credentials until three quarters of a short lifetime, then refreshes', async () => {
    const t = setup(4000);
    const provider = roleCredentialProvider({ roleToAssume: ROLE, region: 'us-east-1' }, t.deps);
    expect((await provider()).accessKeyId).toBe('ASIA1');
    t.advance(2500);
    expect((await provider()).accessKeyId).toBe('ASIA1');
    t.advance(600); // 3.1 s of 4 s: inside the last quarter
    expect((await provider()).accessKeyId).toBe('ASIA2');
    expect(t.audiences).toEqual(['sts.amazonaws.com', 'sts.amazonaws.com']);
  });

  it('refreshes an hour-long session 5 minutes before it ends', async () => {
    const t = setup(3_600_000);
    const provider = roleCredentialProvider({ roleToAssume: ROLE, region: 'us-east-1' }, t.deps);
    await provider();
    t.advance(3_600_000 - 301_000);
    expect((await provider()).accessKeyId).toBe('ASIA1');
    t.advance(2000);
    expect((await provider()).accessKeyId).toBe('ASIA2');
  });

  it('shares one refresh among concurrent callers and masks the secrets', async () => {
    const t = setup(3_600_000);
    const provider = roleCredentialProvider({ roleToAssume: ROLE, region: 'us-east-1' }, t.deps);
    const all = await Promise.all([provider(), provider(), provider()]);
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIA1']));
    expect(t.issued()).toBe(1);
    expect(t.masked).toEqual(['secret-1', 'session-1']);
  });

  it('keeps the current credentials when a refresh fails while they still work', async () => {
    const t = setup(8000);
    const provider = roleCredentialProvider({ roleToAssume: ROLE, region: 'us-east-1' }, t.deps);
    await provider();
    t.deps.idToken = async () => {
      throw new Error('network down');
    };
    t.advance(6500);
    expect((await provider()).accessKeyId).toBe('ASIA1');
    expect(t.deps.logger.lines.join('\n')).toMatch(/network down; using the current credentials/);
    t.advance(1000);
    await expect(provider()).rejects.toThrow(`Could not get GitHub's OIDC token to assume ${ROLE}: network down`);
  });

  it('resolves to the default chain without a role, and fails at once when the role cannot be assumed', async () => {
    const t = setup(4000);
    expect(await resolveCredentials({ region: 'us-east-1' }, t.deps)).toBeUndefined();
    t.deps.assumeRole = async () => {
      throw Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), { name: 'AccessDenied' });
    };
    await expect(resolveCredentials({ roleToAssume: ROLE, region: 'us-east-1' }, t.deps)).rejects.toThrow(
      `Could not assume role ${ROLE}: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`,
    );
  });
});

describe('warnIfCredentialsExpireBefore', () => {
  it('warns when the credentials end before the deadline, and only then', async () => {
    const logger = memoryLogger();
    const expiring = async () => ({ accessKeyId: 'a', secretAccessKey: 'b', expiration: new Date(Date.now() + 60_000) });
    await warnIfCredentialsExpireBefore({ credentials: expiring, deadline: Date.now() + 120_000, logger });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warning: The AWS credentials expire at .* Set role-to-assume/);
    await warnIfCredentialsExpireBefore({ credentials: expiring, deadline: Date.now() + 30_000, logger });
    await warnIfCredentialsExpireBefore({
      credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
      deadline: Date.now() + 1e9,
      logger,
    });
    expect(logger.lines).toHaveLength(1);
  });
});
