import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTasksCommand, ListTasksCommand, RunTaskCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { setScenario } from '../../services/ecs/scenarios.js';
import { createCluster, NETWORK, registerFargate, startHarness, waitFor, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await createCluster(h);
});
afterEach(() => h.sim.stop());

async function describe1(taskArn: string): Promise<Task> {
  const { tasks } = await h.ecs.send(new DescribeTasksCommand({ cluster: 'main', tasks: [taskArn] }));
  return tasks![0];
}

async function runFargate(taskDefinition: string, extra: Record<string, unknown> = {}): Promise<Task> {
  const { tasks, failures } = await h.ecs.send(
    new RunTaskCommand({ cluster: 'main', taskDefinition, launchType: 'FARGATE', networkConfiguration: NETWORK, ...extra }),
  );
  expect(failures).toEqual([]);
  return tasks![0];
}

/** Follows a task to STOPPED, returning the distinct lastStatus values seen in order. */
async function followToStopped(taskArn: string): Promise<{ task: Task; statuses: string[] }> {
  const statuses: string[] = [];
  const task = await waitFor(
    () => describe1(taskArn),
    (t) => {
      if (statuses.at(-1) !== t.lastStatus) statuses.push(t.lastStatus!);
      return t.lastStatus === 'STOPPED';
    },
  );
  return { task, statuses };
}

const ORDER = ['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'];
const inOrder = (statuses: string[]) => statuses.every((s, i) => i === 0 || ORDER.indexOf(s) > ORDER.indexOf(statuses[i - 1]));

test('a one-off task whose container exits 0 goes through the statuses to STOPPED with exit code 0', async () => {
  const td = await registerFargate(h, { family: 'app-migrate', image: 'repo/app:1' });
  setScenario(h.sim.world, { family: 'app-migrate', outcome: 'exit', exitCode: 0, afterMs: 150 });
  const started = await runFargate(td, {
    startedBy: 'ci-run-1',
    overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
  });
  expect(started.lastStatus).toBe('PROVISIONING');
  expect(started.desiredStatus).toBe('RUNNING');
  expect(started.group).toBe('family:app-migrate');
  expect(started.overrides?.containerOverrides?.[0].command).toEqual(['npm', 'run', 'migrate']);

  const { task, statuses } = await followToStopped(started.taskArn!);
  expect(statuses).toContain('RUNNING');
  expect(statuses.at(-1)).toBe('STOPPED');
  expect(inOrder([started.lastStatus!, ...statuses.filter((s) => s !== started.lastStatus)])).toBe(true);
  expect(task.stopCode).toBe('EssentialContainerExited');
  expect(task.stoppedReason).toBe('Essential container in task exited');
  expect(task.containers![0]).toMatchObject({ name: 'app', lastStatus: 'STOPPED', exitCode: 0 });
  expect(task.startedAt!.getTime()).toBeLessThanOrEqual(task.stoppedAt!.getTime());
  expect(task.startedBy).toBe('ci-run-1');
  expect(task.taskDefinitionArn).toBe(td);
});

test('a container that exits 3 reports exit code 3', async () => {
  const td = await registerFargate(h, { family: 'app-migrate', image: 'repo/app:2' });
  setScenario(h.sim.world, { image: 'repo/app:2', outcome: 'exit', exitCode: 3, afterMs: 50 });
  const { task } = await followToStopped((await runFargate(td)).taskArn!);
  expect(task.stopCode).toBe('EssentialContainerExited');
  expect(task.containers![0].exitCode).toBe(3);
});

test('awslogs output reaches CloudWatch Logs line by line while the task runs', async () => {
  await h.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
  const td = await registerFargate(h, { family: 'app-migrate', image: 'repo/app:3', logGroup: '/ecs/app' });
  const lines = ['migrating 1/3', 'migrating 2/3', 'migrating 3/3', 'done'];
  setScenario(h.sim.world, { family: 'app-migrate', outcome: 'exit', exitCode: 0, logs: lines, logIntervalMs: 200 });
  const task = await runFargate(td);
  const stream = `ecs/app/${task.taskArn!.split('/').at(-1)}`;

  const seen: string[] = [];
  let token: string | undefined;
  let nonEmptyReads = 0;
  let seenWhileRunning = 0;
  await waitFor(
    async () => {
      const status = (await describe1(task.taskArn!)).lastStatus;
      const page = await h.logs
        .send(new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: stream, startFromHead: true, nextToken: token }))
        .catch((error) => (error.name === 'ResourceNotFoundException' ? undefined : Promise.reject(error)));
      if (page) {
        token = page.nextForwardToken;
        if (page.events!.length) nonEmptyReads += 1;
        if (status === 'RUNNING') seenWhileRunning += page.events!.length;
        seen.push(...page.events!.map((e) => e.message!));
      }
      return status;
    },
    (status) => status === 'STOPPED' && seen.length === lines.length,
  );
  expect(seen).toEqual(lines);
  // Written progressively: several reads found new lines, and lines were there before the task stopped.
  expect(nonEmptyReads).toBeGreaterThan(1);
  expect(seenWhileRunning).toBeGreaterThan(0);
});

test('the same clientToken returns the same task and starts nothing new', async () => {
  const td = await registerFargate(h, { family: 'app-migrate', image: 'repo/app:4' });
  const first = await runFargate(td, { clientToken: 'token-1' });
  const second = await runFargate(td, { clientToken: 'token-1' });
  expect(second.taskArn).toBe(first.taskArn);
  const third = await runFargate(td, { clientToken: 'token-2' });
  expect(third.taskArn).not.toBe(first.taskArn);
  const { taskArns } = await h.ecs.send(new ListTasksCommand({ cluster: 'main', family: 'app-migrate' }));
  expect(taskArns!.sort()).toEqual([first.taskArn, third.taskArn].sort());
});

test('StopTask stops a running task with UserInitiated and the given reason', async () => {
  const td = await registerFargate(h, { family: 'web', image: 'repo/web:1' });
  const task = await runFargate(td, { startedBy: 'deployer' });
  await waitFor(
    () => describe1(task.taskArn!),
    (t) => t.lastStatus === 'RUNNING',
  );
  const { task: stopping } = await h.ecs.send(new StopTaskCommand({ cluster: 'main', task: task.taskArn, reason: 'Timed out after 10m' }));
  expect(stopping!.desiredStatus).toBe('STOPPED');
  const { task: stopped } = await followToStopped(task.taskArn!);
  expect(stopped).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'Timed out after 10m', desiredStatus: 'STOPPED' });
  expect(stopped.containers![0].exitCode).toBe(0);
  const running = await h.ecs.send(new ListTasksCommand({ cluster: 'main', startedBy: 'deployer' }));
  expect(running.taskArns).toEqual([]);
  const stoppedList = await h.ecs.send(new ListTasksCommand({ cluster: 'main', startedBy: 'deployer', desiredStatus: 'STOPPED' }));
  expect(stoppedList.taskArns).toEqual([task.taskArn]);
});

test('an image that cannot be pulled stops the task with TaskFailedToStart and no exit code', async () => {
  const td = await registerFargate(h, { family: 'web', image: '123.dkr.ecr.us-east-1.amazonaws.com/web:missing' });
  setScenario(h.sim.world, { image: '123.dkr.ecr.us-east-1.amazonaws.com/web:missing', outcome: 'pull-error' });
  const { task, statuses } = await followToStopped((await runFargate(td)).taskArn!);
  expect(statuses).not.toContain('RUNNING');
  expect(task.stopCode).toBe('TaskFailedToStart');
  expect(task.stoppedReason).toBe(
    'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123.dkr.ecr.us-east-1.amazonaws.com/web:missing: not found',
  );
  expect(task.containers![0].exitCode).toBeUndefined();
  expect(task.containers![0].reason).toMatch(/^CannotPullContainerError/);
});

test('an out-of-memory kill reports exit code 137 and the container reason', async () => {
  const td = await registerFargate(h, { family: 'web', image: 'repo/web:oom' });
  setScenario(h.sim.world, { image: 'repo/web:oom', outcome: 'oom', afterMs: 30 });
  const { task } = await followToStopped((await runFargate(td)).taskArn!);
  expect(task.stopCode).toBe('EssentialContainerExited');
  expect(task.containers![0]).toMatchObject({ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' });
});

test('a missing awslogs group makes the task fail to start, as on Fargate', async () => {
  const td = await registerFargate(h, { family: 'web', image: 'repo/web:1', logGroup: '/ecs/nowhere' });
  const { task } = await followToStopped((await runFargate(td)).taskArn!);
  expect(task.stopCode).toBe('TaskFailedToStart');
  expect(task.stoppedReason).toMatch(/^ResourceInitializationError: .*The specified log group does not exist/);
});

test('RunTask validates the launch and network configuration with ECS exceptions', async () => {
  const td = await registerFargate(h, { family: 'web', image: 'repo/web:1' });
  await expect(
    h.ecs.send(new RunTaskCommand({ cluster: 'nope', taskDefinition: td, launchType: 'FARGATE', networkConfiguration: NETWORK })),
  ).rejects.toMatchObject({
    name: 'ClusterNotFoundException',
    message: 'Cluster not found.',
  });
  await expect(h.ecs.send(new RunTaskCommand({ cluster: 'main', taskDefinition: td, launchType: 'FARGATE' }))).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
  });
  await expect(
    h.ecs.send(
      new RunTaskCommand({
        cluster: 'main',
        taskDefinition: td,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: [] } },
      }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'subnets can not be empty.' });
  await expect(
    h.ecs.send(
      new RunTaskCommand({
        cluster: 'main',
        taskDefinition: td,
        launchType: 'FARGATE',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: NETWORK,
      }),
    ),
  ).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: expect.stringMatching(/^Specifying both a launch type and capacity provider strategy/),
  });
  await expect(
    h.ecs.send(new RunTaskCommand({ cluster: 'main', taskDefinition: 'web:99', launchType: 'FARGATE', networkConfiguration: NETWORK })),
  ).rejects.toMatchObject({
    name: 'ClientException',
    message: 'TaskDefinition not found.',
  });
  await expect(runFargate(td, { overrides: { containerOverrides: [{ name: 'worker', command: ['x'] }] } })).rejects.toMatchObject({
    message: 'Override for container named worker is not a container in the TaskDefinition.',
  });
});

test('Fargate Spot through a capacity provider strategy', async () => {
  const td = await registerFargate(h, { family: 'web', image: 'repo/web:1' });
  const { tasks } = await h.ecs.send(
    new RunTaskCommand({
      cluster: 'main',
      taskDefinition: td,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: NETWORK,
    }),
  );
  expect(tasks![0]).toMatchObject({ capacityProviderName: 'FARGATE_SPOT', launchType: 'FARGATE' });
});

test('no capacity answers with failures and starts no task', async () => {
  const td = await registerFargate(h, { family: 'web', image: 'repo/web:1' });
  setScenario(h.sim.world, { family: 'web', outcome: 'no-capacity' });
  const { tasks, failures } = await h.ecs.send(
    new RunTaskCommand({ cluster: 'main', taskDefinition: td, launchType: 'FARGATE', networkConfiguration: NETWORK }),
  );
  expect(tasks).toEqual([]);
  expect(failures).toEqual([{ arn: td, reason: expect.stringMatching(/^Capacity is unavailable at this time/) }]);
});

test('DescribeTasks reports unknown tasks as MISSING', async () => {
  const { tasks, failures } = await h.ecs.send(new DescribeTasksCommand({ cluster: 'main', tasks: ['0123456789abcdef0123456789abcdef'] }));
  expect(tasks).toEqual([]);
  expect(failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:task/main/0123456789abcdef0123456789abcdef', reason: 'MISSING' }]);
});

test('scenarios and timings can be set over HTTP', async () => {
  const post = (path: string, body: unknown) =>
    fetch(`${h.sim.url}/_sim/ecs/${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  expect(await post('timings', { pendingMs: 5 })).toMatchObject({ status: 200, body: { pendingMs: 5, provisioningMs: 20 } });
  expect((await post('timings', { bogusMs: 5 })).status).toBe(400);
  expect((await post('scenario', { outcome: 'sometimes' })).status).toBe(400);
  expect((await post('scenario', { image: 'repo/web:http', outcome: 'exit', exitCode: 7, afterMs: 10 })).status).toBe(200);
  const td = await registerFargate(h, { family: 'web', image: 'repo/web:http' });
  const { task } = await followToStopped((await runFargate(td)).taskArn!);
  expect(task.containers![0].exitCode).toBe(7);
  expect((await post('reset-scenarios', {})).status).toBe(200);
  const healthy = await runFargate(td);
  await waitFor(
    () => describe1(healthy.taskArn!),
    (t) => t.lastStatus === 'RUNNING',
  );
});
