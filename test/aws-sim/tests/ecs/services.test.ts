import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { setScenario } from '../../services/ecs/scenarios.js';
import { failureThreshold } from '../../services/ecs/scheduler.js';
import { pendingTimers } from '../../services/ecs/timers.js';
import { createCluster, NETWORK, registerFargate, startHarness, waitFor, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await createCluster(h);
});
afterEach(() => h.sim.stop());

async function describeService(name = 'api'): Promise<Service> {
  const { services } = await h.ecs.send(new DescribeServicesCommand({ cluster: 'main', services: [name] }));
  return services![0];
}

async function allTasks(serviceName = 'api'): Promise<Task[]> {
  const arns = [
    ...(await h.ecs.send(new ListTasksCommand({ cluster: 'main', serviceName }))).taskArns!,
    ...(await h.ecs.send(new ListTasksCommand({ cluster: 'main', serviceName, desiredStatus: 'STOPPED' }))).taskArns!,
  ];
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    tasks.push(...(await h.ecs.send(new DescribeTasksCommand({ cluster: 'main', tasks: arns.slice(i, i + 100) }))).tasks!);
  }
  return tasks;
}

const completed = (s: Service) => s.deployments!.length === 1 && s.deployments![0].rolloutState === 'COMPLETED';
const messages = (s: Service) => s.events!.map((e) => e.message!);
/**
 * The service reached a steady state after deployment `id` completed: events are newest first, so
 * the steady-state event must come before that deployment's completion (an older steady-state
 * event, from an earlier deployment, comes after it).
 */
const steadyAfter = (s: Service, id: string) => {
  const events = messages(s);
  const finished = events.indexOf(`(service ${s.serviceName}) (deployment ${id}) deployment completed.`);
  const steady = events.indexOf(`(service ${s.serviceName}) has reached a steady state.`);
  return finished > 0 && steady >= 0 && steady < finished;
};

async function createService(taskDefinition: string, extra: Record<string, unknown> = {}): Promise<Service> {
  const { service } = await h.ecs.send(
    new CreateServiceCommand({
      cluster: 'main',
      serviceName: 'api',
      taskDefinition,
      desiredCount: 3,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      ...extra,
    }),
  );
  return service!;
}

/** Live tasks (created, not yet told to stop) and healthy ones at instant t, from the tasks' own timestamps. */
function countsAt(tasks: Task[], t: number) {
  const before = (d?: Date) => d !== undefined && d.getTime() <= t;
  const live = tasks.filter((x) => before(x.createdAt) && !before(x.stoppingAt));
  return { live: live.length, running: live.filter((x) => before(x.startedAt)).length };
}

test('a rolling update starts a PRIMARY beside the ACTIVE deployment and completes', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  const v2 = await registerFargate(h, { family: 'api', image: 'repo/api:2' });
  const created = await createService(v1);
  expect(created.deployments).toMatchObject([{ status: 'PRIMARY', taskDefinition: v1, rolloutState: 'IN_PROGRESS', desiredCount: 3 }]);
  expect(created.deployments![0].id).toMatch(/^ecs-svc\/\d{19}$/);
  await waitFor(describeService, (s) => completed(s) && s.runningCount === 3);

  const { service: updated } = await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', taskDefinition: v2 }));
  expect(updated!.deployments!.map((d) => [d.status, d.taskDefinition])).toEqual([
    ['PRIMARY', v2],
    ['ACTIVE', v1],
  ]);
  expect(updated!.desiredCount).toBe(3);
  const newId = updated!.deployments![0].id!;

  const done = await waitFor(describeService, (s) => completed(s) && steadyAfter(s, newId));
  expect(done.deployments![0]).toMatchObject({
    id: newId,
    status: 'PRIMARY',
    taskDefinition: v2,
    runningCount: 3,
    pendingCount: 0,
    failedTasks: 0,
  });
  expect(done.deployments![0].rolloutStateReason).toBe(`ECS deployment ${newId} completed.`);
  expect(done.taskDefinition).toBe(v2);
  const events = messages(done);
  expect(events[0]).toBe('(service api) has reached a steady state.');
  expect(events).toContain(`(service api) (deployment ${newId}) deployment completed.`);
  expect(events.some((m) => /^\(service api\) has started 3 tasks: (\(task [0-9a-f]{32}\) ?){3}\.$/.test(m))).toBe(true);
  expect(events.some((m) => /^\(service api\) has stopped \d running tasks: /.test(m))).toBe(true);

  // minimumHealthyPercent 100 / maximumPercent 200: never fewer than 3 running nor more than 6 live tasks.
  const tasks = await allTasks();
  const oldTasks = tasks.filter((t) => t.taskDefinitionArn === v1);
  expect(oldTasks).toHaveLength(3);
  for (const t of oldTasks) expect(t).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', group: 'service:api' });
  for (const t of tasks.filter((x) => x.stoppingAt)) {
    expect(countsAt(tasks, t.stoppingAt!.getTime()).running).toBeGreaterThanOrEqual(3);
  }
  for (const t of tasks) expect(countsAt(tasks, t.createdAt!.getTime()).live).toBeLessThanOrEqual(6);
  const running = await h.ecs.send(new ListTasksCommand({ cluster: 'main', serviceName: 'api' }));
  const current = await h.ecs.send(new DescribeTasksCommand({ cluster: 'main', tasks: running.taskArns }));
  expect(current.tasks!.map((t) => [t.taskDefinitionArn, t.lastStatus, t.startedBy])).toEqual(Array(3).fill([v2, 'RUNNING', newId]));
});

test('minimumHealthyPercent 50 / maximumPercent 100 replaces tasks two at a time without exceeding the desired count', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1', healthCheck: true });
  const v2 = await registerFargate(h, { family: 'api', image: 'repo/api:2', healthCheck: true });
  await createService(v1, { desiredCount: 4, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 } });
  await waitFor(describeService, completed);
  await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', taskDefinition: v2 }));
  await waitFor(describeService, (s) => completed(s) && s.taskDefinition === v2 && s.runningCount === 4);
  const tasks = await allTasks();
  expect(tasks.filter((t) => t.taskDefinitionArn === v2 && t.lastStatus === 'RUNNING')).toHaveLength(4);
  for (const t of tasks) expect(countsAt(tasks, t.createdAt!.getTime()).live).toBeLessThanOrEqual(4);
  for (const t of tasks.filter((x) => x.stoppingAt)) expect(countsAt(tasks, t.stoppingAt!.getTime()).running).toBeGreaterThanOrEqual(2);
});

test('without the circuit breaker a crash-looping image is replaced again and again', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:crash' });
  setScenario(h.sim.world, { image: 'repo/api:crash', outcome: 'exit', exitCode: 1, afterMs: 20 });
  await createService(v1, { desiredCount: 2 });
  const looping = await waitFor(describeService, (s) => s.deployments![0].failedTasks! >= 6);
  expect(looping.deployments![0].rolloutState).toBe('IN_PROGRESS');
  expect(messages(looping)).toContain(
    '(service api) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
  );
  const stopped = (await allTasks()).filter((t) => t.lastStatus === 'STOPPED');
  expect(stopped.length).toBeGreaterThanOrEqual(4);
  for (const t of stopped) {
    expect(t).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(t.containers![0].exitCode).toBe(1);
  }
  // Still trying: more failures keep coming.
  await waitFor(describeService, (s) => s.deployments![0].failedTasks! >= looping.deployments![0].failedTasks! + 2);
});

test('the circuit breaker fails a bad deployment and rolls back to the last completed one', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  const v2 = await registerFargate(h, { family: 'api', image: 'repo/api:bad' });
  setScenario(h.sim.world, { image: 'repo/api:bad', outcome: 'exit', exitCode: 1, afterMs: 20, logs: ['Error: DATABASE_URL is not set'] });
  await createService(v1, { desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } });
  const first = await waitFor(describeService, completed);
  const goodId = first.deployments![0].id!;
  const { service } = await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', taskDefinition: v2 }));
  const badId = service!.deployments![0].id!;

  const failed = await waitFor(describeService, (s) => s.deployments!.some((d) => d.id === badId && d.rolloutState === 'FAILED'));
  const bad = failed.deployments!.find((d) => d.id === badId)!;
  expect(bad).toMatchObject({ status: 'ACTIVE', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' });
  expect(bad.failedTasks).toBeGreaterThanOrEqual(failureThreshold(2));
  expect(failed.deployments![0]).toMatchObject({ id: goodId, status: 'PRIMARY', taskDefinition: v1 });
  expect(messages(failed)).toContain(`(service api) (deployment ${badId}) deployment failed: tasks failed to start.`);
  expect(messages(failed)).toContain(`(service api) rolling back to deployment ${goodId}.`);

  const rolledBack = await waitFor(describeService, completed);
  expect(rolledBack.deployments![0]).toMatchObject({ id: goodId, taskDefinition: v1, rolloutState: 'COMPLETED', runningCount: 2 });
  expect(rolledBack.taskDefinition).toBe(v1);

  const { serviceDeployments } = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'main', service: 'api' }));
  expect(serviceDeployments!.map((d) => d.status)).toEqual(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL']);
  const described = await h.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![0].serviceDeploymentArn!] }),
  );
  const sd = described.serviceDeployments![0];
  expect(sd.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 3 });
  expect(sd.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(3);
  expect(sd.rollback!.serviceRevisionArn).toBe(sd.sourceServiceRevisions![0].arn);
  expect(sd.serviceDeploymentArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/main\/api\//);
});

test('the circuit breaker without rollback fails the deployment and stops launching tasks', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:bad' });
  setScenario(h.sim.world, { image: 'repo/api:bad', outcome: 'pull-error' });
  await createService(v1, { desiredCount: 1, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } });
  const failed = await waitFor(describeService, (s) => s.deployments![0].rolloutState === 'FAILED');
  expect(failed.deployments![0].failedTasks).toBe(3);
  const before = (await allTasks()).length;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await allTasks()).length).toBe(before);
  const stopped = (await allTasks())[0];
  expect(stopped.stopCode).toBe('TaskFailedToStart');
  expect(stopped.stoppedReason).toMatch(/^CannotPullContainerError: .*failed to resolve ref repo\/api:bad: not found$/);
});

test('a task that never passes its health check is replaced by the scheduler', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:sick', healthCheck: true });
  setScenario(h.sim.world, { image: 'repo/api:sick', outcome: 'unhealthy', afterMs: 60 });
  await createService(v1, { desiredCount: 1 });
  const s = await waitFor(describeService, (x) => x.deployments![0].failedTasks! >= 2);
  expect(s.deployments![0].rolloutState).toBe('IN_PROGRESS');
  expect(messages(s).some((m) => /^\(service api\) \(task [0-9a-f]{32}\) failed container health checks\.$/.test(m))).toBe(true);
  const stopped = (await allTasks()).find((t) => t.lastStatus === 'STOPPED')!;
  expect(stopped).toMatchObject({
    stopCode: 'ServiceSchedulerInitiated',
    stoppedReason: 'Task failed container health checks',
    healthStatus: 'UNHEALTHY',
  });
});

test('UpdateService changes only what it is given', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  await createService(v1, { desiredCount: 1, deploymentConfiguration: { maximumPercent: 150, minimumHealthyPercent: 50 } });
  await waitFor(describeService, completed);
  const { service } = await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', desiredCount: 2 }));
  expect(service!.deployments).toHaveLength(1);
  expect(service!.deploymentConfiguration).toMatchObject({ maximumPercent: 150, minimumHealthyPercent: 50 });
  expect(service!.networkConfiguration).toEqual(NETWORK);
  await waitFor(describeService, (s) => s.runningCount === 2 && completed(s));
  const forced = await h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', forceNewDeployment: true }));
  expect(forced.service!.deployments!.map((d) => [d.status, d.taskDefinition])).toEqual([
    ['PRIMARY', v1],
    ['ACTIVE', v1],
  ]);
  await waitFor(describeService, completed);
});

test('unknown services are MISSING failures or ServiceNotFoundException; a deleted service drains to INACTIVE', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:1' });
  const { services, failures } = await h.ecs.send(new DescribeServicesCommand({ cluster: 'main', services: ['ghost'] }));
  expect(services).toEqual([]);
  expect(failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/main/ghost', reason: 'MISSING' }]);
  await expect(h.ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'ghost', desiredCount: 1 }))).rejects.toMatchObject({
    name: 'ServiceNotFoundException',
  });
  await expect(h.ecs.send(new DescribeServicesCommand({ cluster: 'other', services: ['api'] }))).rejects.toMatchObject({
    name: 'ClusterNotFoundException',
  });
  await createService(v1, { desiredCount: 1 });
  await expect(createService(v1)).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: 'Creation of service was not idempotent.',
  });
  await expect(h.ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'api' }))).rejects.toMatchObject({
    message: 'The service cannot be stopped while it is scaled above 0.',
  });
  const { service } = await h.ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'api', force: true }));
  expect(service!.status).toBe('DRAINING');
  await waitFor(describeService, (s) => s.status === 'INACTIVE');
  expect((await h.ecs.send(new ListTasksCommand({ cluster: 'main', serviceName: 'api' }))).taskArns).toEqual([]);
});

test('stopping the simulator cancels every ECS timer, even in a crash loop', async () => {
  const v1 = await registerFargate(h, { family: 'api', image: 'repo/api:crash' });
  setScenario(h.sim.world, { image: 'repo/api:crash', outcome: 'exit', exitCode: 1, afterMs: 10 });
  await createService(v1, { desiredCount: 2 });
  await waitFor(describeService, (s) => s.deployments![0].failedTasks! >= 2);
  expect(pendingTimers(h.sim.world)).toBeGreaterThan(0);
  await h.sim.stop();
  expect(pendingTimers(h.sim.world)).toBe(0);
});
