import { forwardWeights } from '../aws-sim/services/elbv2/seed.js';
import { seedCanaryAlb } from './route-canary-alb-fixtures.js';
import { deployWorkflowEnvironment } from './workflows-setup.js';

/**
 * The reusable deploy workflow's `canary` input: after every service deployed, a canary job runs
 * route-canary with the given inputs, in the deploy environment with the deploy role.
 */

const suite = deployWorkflowEnvironment();

test('the deploy workflow walks the ALB canary after the deploy', async () => {
  const { env } = suite;
  const alb = await seedCanaryAlb(env.sim);
  const canary = JSON.stringify({
    mode: 'alb',
    'listener-arn': alb.listenerArn,
    'stable-target-group': `${alb.name}-api`,
    'canary-target-group': `${alb.name}-api-beta`,
    steps: '50,100',
    'bake-time': '200ms',
    'poll-interval': '250ms',
    alarms: alb.alarms.join(','),
  });
  const result = await suite.pushDeploy(`      canary: '${canary}'\n`);
  expect(result.jobs.filter((j) => j.result === 'failure').map((j) => [j.path, j.reason, ...j.annotations])).toEqual([]);
  expect(result.conclusion).toBe('success');
  const job = result.job('deploy / canary');
  expect(job.result).toBe('success');
  expect(job.outputs).toMatchObject({ final: 'canary 100%, stable 0%', 'rolled-back': 'false' });
  expect(forwardWeights(env.sim.world, alb.listenerArn)).toEqual([
    { targetGroupArn: alb.stableArn, weight: 0 },
    { targetGroupArn: alb.canaryArn, weight: 100 },
  ]);
}, 300_000);
