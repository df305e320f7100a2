import { startSimulator, type Simulator } from '../aws-sim/server.js';
import { setTimings } from '../aws-sim/services/ecs/scenarios.js';
import { setSessionLifetime } from '../aws-sim/services/sts/index.js';
import { oidcEnv } from '../aws-sim/services/sts/oidc.js';
import {
  ARN,
  calls,
  CLUSTER,
  createCluster,
  createService,
  describeService,
  env,
  taskDefinition,
  writeTaskDefinition,
} from './deploy-service-fixtures.js';
import { runAction } from './run-action.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  await createCluster(sim);
});
afterAll(() => sim.stop());

/** The runner's env for a job with `id-token: write` and no AWS keys. */
const oidcOnly = () => ({
  ...env(sim),
  ...oidcEnv(sim),
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
});
const ROLE = 'arn:aws:iam::123456789012:role/deploy';

test('with role-to-assume, a wait longer than the credentials live succeeds by refreshing them', async () => {
  await createService(sim, { service: 'slow', image: 'repo/slow:1', desiredCount: 1 });
  setSessionLifetime(sim.world, 3);
  setTimings(sim.world, { pendingMs: 5000 }); // the new task takes 5 s to start: longer than a session
  sim.world.calls.clear();
  const run = await runAction('deploy-service', {
    env: oidcOnly(),
    inputs: {
      cluster: CLUSTER,
      service: 'slow',
      'task-definition': writeTaskDefinition(taskDefinition('slow', 'repo/slow:2')),
      'role-to-assume': ROLE,
      'poll-interval': '500ms',
      timeout: '60s',
    },
  });
  setTimings(sim.world, { pendingMs: 30 });
  setSessionLifetime(sim.world, undefined);

  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`Assumed role ${ROLE}`);
  expect(run.stdout).toContain(`Refreshed the credentials of ${ROLE}`);
  expect(calls(sim, 'sts.AssumeRoleWithWebIdentity')).toBeGreaterThanOrEqual(2);
  expect(calls(sim, 'oidc.GetIdToken')).toBe(calls(sim, 'sts.AssumeRoleWithWebIdentity'));
  expect((await describeService(sim, 'slow')).taskDefinition).toBe(ARN('slow', 2));
  expect(run.output).not.toMatch(/ExpiredToken/);
  // The role's secrets were masked before anything could print them.
  expect(run.stdout).toMatch(/::add-mask::/);
});

test('role-to-assume without an OIDC token fails at once and says what the job lacks', async () => {
  sim.world.calls.clear();
  const run = await runAction('deploy-service', {
    env: { ...oidcOnly(), ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined },
    inputs: { cluster: CLUSTER, service: 'slow', 'task-definition-arn': 'slow:1', 'role-to-assume': ROLE },
  });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    `Could not get GitHub's OIDC token to assume ${ROLE}: the job has no OIDC token to exchange: give it \`permissions: id-token: write\` (ACTIONS_ID_TOKEN_REQUEST_URL is not set)`,
  ]);
  expect(calls(sim, 'ecs.UpdateService')).toBe(0);
});
