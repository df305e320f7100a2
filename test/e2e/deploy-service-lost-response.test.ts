import { ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { lostCount, loseResponses } from '../aws-sim/lost-response.js';
import {
  ARN,
  calls,
  clients,
  createService,
  deployServiceSuite,
  describeService,
  env,
  taskDefinition,
  writeTaskDefinition,
} from './deploy-service-fixtures.js';

/**
 * RegisterTaskDefinition has no client token: when ECS applied the call but the answer was lost,
 * registering again adds a duplicate revision. The action looks at the family's latest revision
 * before registering again and reuses the one it registered.
 */
const suite = deployServiceSuite();
const { deploy } = suite;
beforeEach(() => suite.sim.world.calls.clear());

const REGISTER = 'ecs.RegisterTaskDefinition';
const revisions = async (family: string) =>
  (await clients(suite.sim).ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns ?? [];

test.each([
  ['the SDK would retry it', {}],
  ['the call fails (no SDK retries)', { AWS_MAX_ATTEMPTS: '1' }],
])('a registration whose response was lost is reused, not registered twice, when %s', async (_name, retryEnv) => {
  const family = `lost-${Object.keys(retryEnv).length}`;
  await createService(suite.sim, { service: family, image: `repo/${family}:1` });
  loseResponses(suite.sim.world, REGISTER, 1);
  suite.sim.world.calls.clear();
  const run = await deploy(
    { service: family, 'task-definition': writeTaskDefinition(taskDefinition(family, `repo/${family}:2`)) },
    { env: { ...env(suite.sim), ...retryEnv } },
  );

  expect(lostCount(suite.sim.world, REGISTER)).toBeGreaterThan(0);
  expect(run.code).toBe(0);
  expect(run.outputs['task-definition-arn']).toBe(ARN(family, 2));
  expect(await revisions(family)).toEqual([ARN(family, 1), ARN(family, 2)]);
  expect(calls(suite.sim, REGISTER)).toBe(1);
  expect(run.stdout).toContain(`${family}: the answer to RegisterTaskDefinition was lost, but ECS registered ${family}:2: using it`);
  expect((await describeService(suite.sim, family)).taskDefinition).toBe(ARN(family, 2));
});
