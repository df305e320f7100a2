import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { setScenario, setTimings } from '../aws-sim/services/ecs/scenarios.js';
import { setSessionLifetime } from '../aws-sim/services/sts/index.js';
import { issueIdToken, oidcEnv } from '../aws-sim/services/sts/oidc.js';
import {
  ARN,
  calls,
  createService,
  deployServiceSuite,
  describeService,
  env,
  taskDefinition,
  writeTaskDefinition,
} from './deploy-service-fixtures.js';

const suite = deployServiceSuite();
const { deploy } = suite;

/** The runner's env for a job with `id-token: write` and no AWS keys. */
const oidcOnly = () => ({
  ...env(suite.sim),
  ...oidcEnv(suite.sim),
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
});
const ROLE = 'arn:aws:iam::123456789012:role/deploy';

test('with role-to-assume, a wait longer than the credentials live succeeds by refreshing them', async () => {
  await createService(suite.sim, { service: 'slow', image: 'repo/slow:1', desiredCount: 1 });
  setSessionLifetime(suite.sim.world, 3);
  setTimings(suite.sim.world, { pendingMs: 5000 }); // the new task takes 5 s to start: longer than a session
  suite.sim.world.calls.clear();
  const run = await deploy(
    {
      service: 'slow',
      'task-definition': writeTaskDefinition(taskDefinition('slow', 'repo/slow:2')),
      'role-to-assume': ROLE,
      'poll-interval': '500ms',
    },
    { env: oidcOnly() },
  );
  setTimings(suite.sim.world, { pendingMs: 30 });
  setSessionLifetime(suite.sim.world, undefined);

  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`Assumed role ${ROLE}`);
  expect(run.stdout).toContain(`Refreshed the credentials of ${ROLE}`);
  expect(calls(suite.sim, 'sts.AssumeRoleWithWebIdentity')).toBeGreaterThanOrEqual(2);
  expect(calls(suite.sim, 'oidc.GetIdToken')).toBe(calls(suite.sim, 'sts.AssumeRoleWithWebIdentity'));
  expect((await describeService(suite.sim, 'slow')).taskDefinition).toBe(ARN('slow', 2));
  expect(run.output).not.toMatch(/ExpiredToken/);
  // The role's secrets were masked before anything could print them.
  expect(run.stdout).toMatch(/::add-mask::/);
});

test('role-to-assume without an OIDC token fails at once and says what the job lacks', async () => {
  suite.sim.world.calls.clear();
  const run = await deploy(
    { service: 'slow', 'task-definition-arn': 'slow:1', 'role-to-assume': ROLE },
    { env: { ...oidcOnly(), ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined } },
  );
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    `Could not get GitHub's OIDC token to assume ${ROLE}: the job has no OIDC token to exchange: give it \`permissions: id-token: write\` (ACTIONS_ID_TOKEN_REQUEST_URL is not set)`,
  ]);
  expect(calls(suite.sim, 'ecs.UpdateService')).toBe(0);
});

test('without a role, credentials that expire before the timeout are warned about, and their expiry ends the wait at once', async () => {
  await createService(suite.sim, { service: 'stale', image: 'repo/stale:1', desiredCount: 1 });
  // A rollout that cannot finish: only the credentials' expiry can end the wait before the timeout.
  setScenario(suite.sim.world, { image: 'repo/stale:2', outcome: 'no-capacity' });
  // Keys from an earlier step (configure-aws-credentials) that live 3 s.
  setSessionLifetime(suite.sim.world, 3);
  const sts = new STSClient({ region: 'us-east-1', endpoint: suite.sim.url, credentials: { accessKeyId: 'AKIA0', secretAccessKey: 'x' } });
  const { Credentials: keys } = await sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: ROLE,
      RoleSessionName: 'earlier-step',
      WebIdentityToken: issueIdToken(suite.sim.world, 'sts.amazonaws.com'),
    }),
  );
  setSessionLifetime(suite.sim.world, undefined);
  const run = await deploy(
    { service: 'stale', 'task-definition': writeTaskDefinition(taskDefinition('stale', 'repo/stale:2')), timeout: '10m' },
    {
      env: {
        ...env(suite.sim),
        AWS_ACCESS_KEY_ID: keys!.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: keys!.SecretAccessKey,
        AWS_SESSION_TOKEN: keys!.SessionToken,
        AWS_CREDENTIAL_EXPIRATION: keys!.Expiration!.toISOString(),
      },
    },
  );

  expect(run.stdout).toContain(
    `::warning::The AWS credentials expire at ${keys!.Expiration!.toISOString()}, before the timeout ends: a long wait will fail with ExpiredToken. Set role-to-assume so the action can refresh them.`,
  );
  expect(run.code).toBe(1);
  // The expiry, not the 10-minute timeout, ended the wait.
  expect(run.errors).toEqual(['stale: ExpiredTokenException: The security token included in the request is expired']);
  expect(JSON.parse(run.outputs.services)[0]).toMatchObject({ result: 'failed', taskDefinitionArn: ARN('stale', 2) });
});
