import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { simulatorEnv, startSimulator, type Simulator } from '../../server.js';
import { setSessionLifetime } from '../../services/sts/index.js';
import { oidcEnv } from '../../services/sts/oidc.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  Object.assign(process.env, simulatorEnv(sim));
});
afterAll(() => sim.stop());

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

async function idToken(audience = 'sts.amazonaws.com', bearer = oidcEnv(sim).ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
  const response = await fetch(`${oidcEnv(sim).ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return { status: response.status, body: (await response.json()) as { value?: string } };
}

const assume = (token: string, extra: Record<string, unknown> = {}) =>
  new STSClient({ maxAttempts: 1 }).send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'test', WebIdentityToken: token, ...extra }),
  );

test('the OIDC stand-in answers like the runner, only with its request token, and counts calls', async () => {
  const good = await idToken();
  expect(good.status).toBe(200);
  expect(good.body.value?.split('.')).toHaveLength(3);
  expect((await idToken('sts.amazonaws.com', 'wrong')).status).toBe(401);
  expect(sim.world.calls.get('oidc.GetIdToken')).toBe(2);
});

test('AssumeRoleWithWebIdentity returns session credentials for a valid token and refuses others', async () => {
  const { value } = (await idToken()).body;
  const { Credentials, AssumedRoleUser } = await assume(value!);
  expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
  expect(Credentials?.SessionToken).toBeTruthy();
  expect(Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000);
  expect(AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/deploy/test');

  await expect(assume(`${value}x`)).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
  const wrongAudience = (await idToken('https://github.com/acme')).body.value!;
  await expect(assume(wrongAudience)).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
  await expect(assume(value!, { DurationSeconds: 60 })).rejects.toMatchObject({ name: 'ValidationError' });
  await expect(assume(value!, { RoleArn: 'arn:aws:iam::999999999999:role/deploy' })).rejects.toMatchObject({ name: 'AccessDenied' });
});

test('a request signed with an expired session key is rejected with ExpiredTokenException', async () => {
  setSessionLifetime(sim.world, 1);
  const { Credentials } = await assume((await idToken()).body.value!);
  setSessionLifetime(sim.world, undefined);
  const credentials = {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
  const identity = await new STSClient({ credentials }).send(new GetCallerIdentityCommand({}));
  expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/deploy/test');
  await new Promise((r) => setTimeout(r, 1100));
  await expect(new ECSClient({ credentials, maxAttempts: 1 }).send(new ListClustersCommand({}))).rejects.toMatchObject({
    name: 'ExpiredTokenException',
    message: 'The security token included in the request is expired',
  });
});
