import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { setScenario, setTimings } from '../../services/ecs/scenarios.js';
import { createCluster, NETWORK, registerFargate, startHarness, waitFor, type Harness } from './helpers.js';

/** The circuit breaker's documented knobs, and a scheduler that knows only what has happened. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await createCluster(h);
});
afterEach(() => h.sim.stop());

async function describeService(): Promise<Service> {
  const { services } = await h.ecs.send(new DescribeServicesCommand({ cluster: 'main', services: ['api'] }));
  return services![0];
}

const completed = (s: Service) => s.deployments!.length === 1 && s.deployments![0].rolloutState === 'COMPLETED';

async function createService(taskDefinition: string, extra: Record<string, unknown> = {}): Promise<Service> {
  const input = {
    cluster: 'main',
    serviceName: 'api',
    taskDefinition,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: NETWORK,
    ...extra,
  };
  const { service } = await h.ecs.send(new CreateServiceCommand(input as never));
  return service!;
}

test('no foreknowledge: tasks that crash only after the deployment is stable let it complete, as on ECS', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:late-crash' });
  setScenario(h.sim.world, { image: 'repo/api:late-crash', outcome: 'exit', exitCode: 1, afterMs: 600 });
  await createService(v1);
  const done = await waitFor(describeService, completed, 3000);
  expect(done.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', failedTasks: 0 });
});

/** v1 keeps draining for seconds, so v2's deployment stays IN_PROGRESS while its tasks turn healthy and then crash. */
async function crashAfterHealthy(breaker: Record<string, unknown>): Promise<string> {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  const v2 = await registerFargate(h, { family: 'api', image: 'repo/api:flaky' });
  setScenario(h.sim.world, { image: 'repo/api:flaky', outcome: 'exit', exitCode: 1, afterMs: 120 });
  await createService(v1, { deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false, ...breaker } } });
  await waitFor(describeService, completed);
  setTimings(h.sim.world, { drainMs: 4000 });
  const { service } = await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', taskDefinition: v2 }));
  return service!.deployments![0].id!;
}

test('resetOnHealthyTask (default true): a task that turned healthy resets the failure count, so the breaker does not trip', async () => {
  const id = await crashAfterHealthy({});
  // Five crashes, more than the threshold of 3, each after the task had been healthy.
  const events = await waitFor(describeService, (s) => s.events!.filter((e) => /has started 1 tasks/.test(e.message!)).length >= 7, 6000);
  const deployment = events.deployments!.find((d) => d.id === id)!;
  expect(deployment.rolloutState).not.toBe('FAILED');
  expect(deployment.failedTasks).toBeLessThan(3);
});

test('resetOnHealthyTask false: the same crashes add up and trip the breaker', async () => {
  const id = await crashAfterHealthy({ resetOnHealthyTask: false });
  const failed = await waitFor(describeService, (s) => s.deployments!.some((d) => d.id === id && d.rolloutState === 'FAILED'), 6000);
  expect(failed.deployments!.find((d) => d.id === id)!.failedTasks).toBeGreaterThanOrEqual(3);
});

test('thresholdConfiguration COUNT 1: the first failed task fails the deployment (the default would wait for 3)', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:crash' });
  setScenario(h.sim.world, { image: 'repo/api:crash', outcome: 'exit', exitCode: 1, afterMs: 10 });
  await createService(v1, {
    desiredCount: 2,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: false, thresholdConfiguration: { type: 'COUNT', value: 1 } },
    },
  });
  const failed = await waitFor(describeService, (s) => s.deployments![0].rolloutState === 'FAILED');
  expect(failed.deployments![0].failedTasks).toBeLessThan(3);
  const { serviceDeployments } = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'main', service: 'api' }));
  const described = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![0].serviceDeploymentArn!] }),
  );
  expect(described.serviceDeployments![0].deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 1 });
});

test('thresholdConfiguration UNBOUNDED_PERCENT has no floor of 3; BOUNDED_PERCENT has', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  const threshold = async (type: string, name: string) => {
    await h.ecs.send(
      new CreateServiceCommand({
        cluster: 'main',
        serviceName: name,
        taskDefinition: v1,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration: { type: type as never, value: 100 } },
        },
      }),
    );
    const { serviceDeployments } = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'main', service: name }));
    const described = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![0].serviceDeploymentArn!] }),
    );
    return described.serviceDeployments![0].deploymentCircuitBreaker!.threshold;
  };
  expect(await threshold('UNBOUNDED_PERCENT', 'unbounded')).toBe(1);
  expect(await threshold('BOUNDED_PERCENT', 'bounded')).toBe(3);
});

test('CODE_DEPLOY and EXTERNAL deployment controllers: deployments carry no rolloutState', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  await createService(v1, { deploymentController: { type: 'CODE_DEPLOY' } });
  const service = await describeService();
  expect(service.deploymentController).toEqual({ type: 'CODE_DEPLOY' });
  expect(service.deployments![0]).not.toHaveProperty('rolloutState');
  expect(service.deployments![0]).not.toHaveProperty('rolloutStateReason');
});
