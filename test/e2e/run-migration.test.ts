import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateServiceCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { setFaults } from '../aws-sim/control.js';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { setScenario, type Scenario } from '../aws-sim/services/ecs/scenarios.js';
import { setSessionLifetime } from '../aws-sim/services/sts/index.js';
import { oidcEnv } from '../aws-sim/services/sts/oidc.js';
import { awsWorld, createCluster, createLogGroup, fargateTaskDefinition, registerFamily, type AwsWorld } from '../fixtures/aws-world.js';
import { whenPrinted } from './deploy-service-fixtures.js';
import { runAction, type RunOptions } from './run-action.js';

/**
 * run-migration's bundle against the simulator: a one-off task that succeeds, fails, cannot
 * start, runs too long or is cancelled, and what the step and the simulated account show after.
 */
const REGION = 'us-east-1';
const LOG_GROUP = '/ecs/shop-migrate';
let sim: Simulator;
let world: AwsWorld;
let ecs: ECSClient;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator();
  env = simulatorEnv(sim, REGION);
  world = awsWorld(sim, REGION);
  ecs = world.ecs;
  await createLogGroup(world, LOG_GROUP);
});
afterAll(() => sim.stop());

function taskDefinition(family: string) {
  return fargateTaskDefinition({
    family,
    image: `123456789012.dkr.ecr.${REGION}.amazonaws.com/shop:${family}`,
    container: { name: 'migrate', command: ['./bin/start'] },
    logGroup: LOG_GROUP,
    streamPrefix: 'shop',
    region: REGION,
  });
}

/** A cluster and a registered task definition of its own per test (client tokens never collide). */
async function fixture(name: string, scenario?: Omit<Scenario, 'family'>) {
  const cluster = `mig-${name}`;
  const family = `${cluster}-task`;
  await createCluster(world, cluster, { fargate: true });
  await registerFamily(world, taskDefinition(family));
  if (scenario) setScenario(sim.world, { family, ...scenario });
  return { cluster, family, inputs: { cluster, 'task-definition': family, subnets: 'subnet-0123abcd' } };
}

const run = (inputs: RunOptions['inputs'], options: RunOptions = {}) => runAction('run-migration', { env, inputs, ...options });
const calls = (operation: string, service = 'ecs') => sim.world.calls.get(`${service}.${operation}`) ?? 0;

async function tasksOf(cluster: string): Promise<Task[]> {
  const arns = [
    ...(await ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'RUNNING' }))).taskArns!,
    ...(await ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'STOPPED' }))).taskArns!,
  ];
  if (!arns.length) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks!;
}

/** Waits (bounded) until every task of the cluster is STOPPED; returns them. */
async function settled(cluster: string): Promise<Task[]> {
  for (let i = 0; i < 100; i++) {
    const tasks = await tasksOf(cluster);
    if (tasks.every((t) => t.lastStatus === 'STOPPED')) return tasks;
    await new Promise((r) => setTimeout(r, 50));
  }
  return tasksOf(cluster);
}

const stepLines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}: step ${i + 1} of ${n}`);

/** Each line exactly once, in this order, as whole lines of stdout. */
function expectOnceInOrder(stdout: string, lines: string[]) {
  const printed = stdout.split('\n');
  expect(lines.map((line) => printed.filter((p) => p === line).length)).toEqual(lines.map(() => 1));
  const positions = lines.map((line) => printed.indexOf(line));
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
}

test('a migration from a rendered file succeeds; its log lines appear live, once each, in order', async () => {
  const logs = stepLines(8, 'migrate-ok');
  const { cluster, family } = await fixture('ok', { outcome: 'exit', exitCode: 0, logs, logIntervalMs: 150 });
  // Where render-taskdef writes it: the runner's temp directory.
  const runnerTemp = mkdtempSync(join(tmpdir(), 'taskdef-'));
  const file = join(runnerTemp, 'task-definition.json');
  // The rendered file differs from the live revision (more memory), so it is registered.
  writeFileSync(file, JSON.stringify({ ...taskDefinition(family), memory: '1024' }));
  const before = calls('RunTask');

  const result = await run(
    {
      cluster,
      'task-definition': file,
      command: 'bin/rails db:migrate "VERSION=2024 01"',
      environment: 'RAILS_ENV=production\nDRY_RUN=0',
      subnets: 'subnet-0123abcd',
      'security-groups': 'sg-0123abcd',
      tags: 'team=shop',
    },
    { runnerTemp },
  );

  expect(result.errors).toEqual([]);
  expect(result.code).toBe(0);
  expectOnceInOrder(result.stdout, logs);
  // (That lines are printed live, while the task runs, the cancellation tests show: they wait for one.)
  // Under the simulator's read lag (harsh mode) revision 1, registered a moment ago, may not be
  // visible yet: the line then says so instead of naming the change.
  expect(result.stdout).toMatch(
    new RegExp(
      `migration: registered ${family}:2 \\((changed from ${family}:1: memory|no earlier revision visible yet to compare with)\\)`,
    ),
  );
  expect(result.outputs['exit-code']).toBe('0');
  expect(result.outputs['task-arn']).toMatch(new RegExp(`^arn:aws:ecs:${REGION}:123456789012:task/${cluster}/\\w+$`));
  const taskId = result.outputs['task-arn'].split('/').pop();
  expect(result.outputs['log-url']).toBe(
    `https://${REGION}.console.aws.amazon.com/cloudwatch/home?region=${REGION}#logsV2:log-groups/log-group/$252Fecs$252Fshop-migrate/log-events/shop$252Fmigrate$252F${taskId}`,
  );
  expect(result.summary).toContain('Migration succeeded');
  expect(result.summary).toContain('<code>bin/rails db:migrate &quot;VERSION=2024 01&quot;</code>');
  expect(result.summary).toContain('migrate-ok: step 8 of 8');
  expect(result.output).not.toContain('DRY_RUN=0');

  expect(calls('RunTask') - before).toBe(1);
  const [task] = await tasksOf(cluster);
  expect(task).toMatchObject({
    lastStatus: 'STOPPED',
    startedBy: 'ecs-ship/run-migration',
    taskDefinitionArn: expect.stringMatching(new RegExp(`task-definition/${family}:2$`)),
    overrides: {
      containerOverrides: [
        {
          name: 'migrate',
          command: ['bin/rails', 'db:migrate', 'VERSION=2024 01'],
          environment: [
            { name: 'RAILS_ENV', value: 'production' },
            { name: 'DRY_RUN', value: '0' },
          ],
        },
      ],
    },
  });
  expect(task.containers![0].exitCode).toBe(0);
  expect(result.state['outcome']).toBe('finished');
});

test('a failing migration reports its exit code and last lines', async () => {
  const { inputs } = await fixture('fail', {
    outcome: 'exit',
    exitCode: 3,
    logs: ['Applying 001_init', 'Applying 002_users', 'PG::DuplicateTable: relation "users" already exists'],
  });
  const result = await run(inputs);
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    'migration exited with code 3 (container migrate); last lines: Applying 001_init | Applying 002_users | PG::DuplicateTable: relation "users" already exists',
  ]);
  expect(result.outputs['exit-code']).toBe('3');
  expect(result.stdout).toContain('Last 3 log lines of container migrate');
  expect(result.summary).toContain('Migration failed');
  expect(result.summary).toContain('exited with code 3');
});

test('an image that cannot be pulled fails with the stop code and reason', async () => {
  const { inputs, family } = await fixture('pull', { outcome: 'pull-error' });
  const result = await run(inputs);
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(
    new RegExp(`^migration failed to start \\(TaskFailedToStart\\): CannotPullContainerError: .*shop:${family}.* \\(container migrate\\)$`),
  );
  expect(result.outputs['exit-code']).toBeUndefined();
  expect(result.outputs['task-arn']).toBeDefined();
});

test('a container killed for memory fails saying so, with its exit code', async () => {
  const { inputs } = await fixture('oom', { outcome: 'oom', logs: ['loading every row into memory'] });
  const result = await run(inputs);
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    'migration ran out of memory (container migrate, exit code 137): OutOfMemoryError: Container killed due to memory usage; last lines: loading every row into memory',
  ]);
  expect(result.outputs['exit-code']).toBe('137');
});

test('container output cannot issue workflow commands (masks, outputs, annotations)', async () => {
  const { inputs } = await fixture('commands', {
    outcome: 'exit',
    exitCode: 0,
    logs: ['::add-mask::hunter2', '::set-output name=task-arn::forged'],
  });
  const result = await run(inputs);
  expect(result.code).toBe(0);
  for (const line of ['::add-mask::hunter2', '::set-output name=task-arn::forged']) {
    const fenced = new RegExp(`^::stop-commands::(\\S+)\\n${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n::\\1::$`, 'm');
    expect(result.stdout).toMatch(fenced);
  }
  expect(result.outputs['task-arn']).toMatch(/^arn:aws:ecs:/);
});

test('a migration that runs past the timeout is stopped, and no task is left running', async () => {
  const { inputs, cluster } = await fixture('slow', { outcome: 'healthy', logs: ['migrating a very large table'] });
  const result = await run({ ...inputs, timeout: '2s' });
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/^migration timed out after 2s: stopped task \w+; last lines: migrating a very large table$/);
  const tasks = await settled(cluster);
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({
    lastStatus: 'STOPPED',
    stopCode: 'UserInitiated',
    stoppedReason: expect.stringContaining('did not finish within 2s'),
  });
  expect((await ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'RUNNING' }))).taskArns).toEqual([]);
});

test('SIGTERM (the job cancelled) stops the task before the step exits', async () => {
  const { inputs, cluster } = await fixture('sigterm', { outcome: 'healthy', logs: ['migration underway'] });
  const result = await run(inputs, {
    onStart: (child) => void whenPrinted(child, 'migration underway').then(() => child.kill('SIGTERM')),
  });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([expect.stringMatching(/^migration cancelled with the job: stopped task \w+$/)]);
  const tasks = await settled(cluster);
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({
    lastStatus: 'STOPPED',
    stopCode: 'UserInitiated',
    stoppedReason: expect.stringContaining('job was cancelled'),
  });
  expect(result.state['outcome']).toBe('finished');
});

test('the post step stops a task the main step never saw to its end', async () => {
  const { inputs, cluster } = await fixture('post', { outcome: 'healthy', logs: ['migration underway'] });
  // The runner kills main outright: it cannot stop anything itself.
  const main = await run(inputs, {
    onStart: (child) => void whenPrinted(child, 'migration underway').then(() => child.kill('SIGKILL')),
  });
  expect(main.signal).toBe('SIGKILL');
  expect(main.state['task-arn']).toBeDefined();
  expect(main.state['outcome']).toBe('watching');
  expect((await tasksOf(cluster))[0].lastStatus).toBe('RUNNING');

  const post = await run(inputs, { post: true, state: main.state });
  expect(post.code).toBe(0);
  expect(post.stdout).toMatch(/Stopped migration task \w+ \(RUNNING\): the job ended before it finished/);
  const tasks = await settled(cluster);
  expect(tasks[0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });

  // After a main step that finished, post does nothing.
  const stops = calls('StopTask');
  const quiet = await run(inputs, { post: true, state: { ...main.state, outcome: 'finished' } });
  expect(quiet.code).toBe(0);
  expect(calls('StopTask')).toBe(stops);
});

test('killed while RunTask is in flight: the post step finds the task it started and stops it', async () => {
  const { inputs, cluster } = await fixture('killed-in-runtask', { outcome: 'healthy', logs: ['migration underway'] });
  // RunTask takes 3 s to answer (the finding saw 12 s); main is killed meanwhile and never learns the ARN.
  setFaults(sim.world, { latencyMs: 3000, operations: ['ecs.RunTask'] });
  const runTasks = calls('RunTask');
  const main = await run(inputs, {
    onStart: (child) =>
      void whenPrinted(child, 'Running ').then(() => {
        const poll = setInterval(() => {
          if (calls('RunTask') === runTasks) return;
          clearInterval(poll);
          child.kill('SIGKILL');
        }, 20);
      }),
  }).finally(() => setFaults(sim.world, {}));
  expect(main.signal).toBe('SIGKILL');
  expect(main.state['task-arn']).toBeUndefined();
  expect(main.state['outcome']).toBe('starting');

  const post = await run(inputs, { post: true, state: main.state });
  expect(post.errors).toEqual([]);
  expect(post.code).toBe(0);
  expect(post.stdout).toMatch(/Stopped migration task \w+ \((PROVISIONING|PENDING|RUNNING)\): the job ended while RunTask was starting it/);
  const tasks = await settled(cluster);
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({
    lastStatus: 'STOPPED',
    stopCode: 'UserInitiated',
    stoppedReason: expect.stringContaining('RunTask was starting it'),
  });
});

test('a monitoring failure never stops the migration: main gives up saying so, the post step leaves the task running', async () => {
  const { inputs, cluster } = await fixture('gave-up', { outcome: 'healthy', logs: ['migration underway'] });
  const stops = calls('StopTask');
  const main = await run(
    { ...inputs, 'unreachable-timeout': '2s' },
    {
      env: { ...env, AWS_MAX_ATTEMPTS: '2' },
      // From the first log line on, DescribeTasks answers nothing but 503s.
      onStart: (child) =>
        void whenPrinted(child, 'migration underway').then(() =>
          setFaults(sim.world, { serverError: 1, operations: ['ecs.DescribeTasks'] }),
        ),
    },
  ).finally(() => setFaults(sim.world, {}));
  const arn = main.outputs['task-arn'];
  expect(main.code).toBe(1);
  expect(main.errors).toEqual([expect.stringContaining(`migration: lost track of task ${arn}: `)]);
  expect(main.errors[0]).toContain(`the task was not stopped and may still be running; logs: ${main.outputs['log-url']}`);
  expect(main.state['outcome']).toBe('gave-up');

  const post = await run(inputs, { post: true, state: main.state });
  expect(post.code).toBe(0);
  expect(post.stdout).toContain(`Left migration task ${arn.split('/').pop()} running: the step stopped following it, not the migration`);
  expect(calls('StopTask')).toBe(stops);
  const [task] = await tasksOf(cluster);
  expect(task).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
  await ecs.send(new StopTaskCommand({ cluster, task: arn }));
});

test('copies the network configuration, capacity providers and platform version from a service', async () => {
  const { cluster, family } = await fixture('service', { outcome: 'exit', exitCode: 0, logs: ['done'] });
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: 'api',
      taskDefinition: family,
      desiredCount: 0,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      platformVersion: '1.4.0',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0aaa1111', 'subnet-0bbb2222'],
          securityGroups: ['sg-0ccc3333'],
          assignPublicIp: 'DISABLED',
        },
      },
    }),
  );
  const result = await run({ cluster, 'task-definition': family, service: 'api' });
  expect(result.errors).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(
    'Placement: subnets subnet-0aaa1111, subnet-0bbb2222; security groups sg-0ccc3333; public IP DISABLED; capacity providers FARGATE_SPOT:1; platform 1.4.0 (from service api)',
  );
  const [task] = await tasksOf(cluster);
  expect(task.capacityProviderName).toBe('FARGATE_SPOT');
  expect(task.platformVersion).toBe('1.4.0');
  expect(task.attachments![0].details).toContainEqual({ name: 'subnetId', value: 'subnet-0aaa1111' });
});

test('with 30% of calls throttled the migration still succeeds, its lines once each', async () => {
  const logs = stepLines(6, 'migrate-throttled');
  const { inputs } = await fixture('throttle', { outcome: 'exit', exitCode: 0, logs, logIntervalMs: 100 });
  setFaults(sim.world, { throttle: 0.3 });
  try {
    const result = await run(inputs);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expectOnceInOrder(result.stdout, logs);
  } finally {
    setFaults(sim.world, {});
  }
});

test('RunTask carries a client token: the same step run again gets the task already started, a new attempt a new one', async () => {
  const { inputs, cluster } = await fixture('token', { outcome: 'exit', exitCode: 0, logs: ['migrated once'] });
  const first = await run(inputs);
  const again = await run(inputs);
  expect([first.code, again.code]).toEqual([0, 0]);
  expect(again.outputs['task-arn']).toBe(first.outputs['task-arn']);
  expect(await tasksOf(cluster)).toHaveLength(1);
  // Said, not silently re-reported as if the migration had run again.
  const id = first.outputs['task-arn'].split('/').pop();
  expect(again.stdout).toMatch(
    new RegExp(
      `^::warning::This step already ran in this run attempt: RunTask \\(same client token\\) returned its task ${id}, started \\S+; reporting that task rather than running the migration again$`,
      'm',
    ),
  );
  expect(first.stdout).not.toContain('already ran');

  const attempt = await run(inputs, { env: { ...env, GITHUB_RUN_ATTEMPT: '2' } });
  expect(attempt.code).toBe(0);
  expect(attempt.outputs['task-arn']).not.toBe(first.outputs['task-arn']);
  expect(await tasksOf(cluster)).toHaveLength(2);
});

test('with role-to-assume, a migration that outlives its credentials succeeds by refreshing them', async () => {
  const logs = stepLines(5, 'migrate-role');
  const { inputs } = await fixture('role', { outcome: 'exit', exitCode: 0, logs, logIntervalMs: 1000 });
  const role = 'arn:aws:iam::123456789012:role/migrate';
  const assumed = calls('AssumeRoleWithWebIdentity', 'sts');
  setSessionLifetime(sim.world, 3); // the migration runs about 5 s
  const result = await run(
    { ...inputs, 'role-to-assume': role },
    { env: { ...env, ...oidcEnv(sim), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined } },
  ).finally(() => setSessionLifetime(sim.world, undefined));
  expect(result.errors).toEqual([]);
  expect(result.code).toBe(0);
  expectOnceInOrder(result.stdout, logs);
  expect(result.stdout).toContain(`Assumed role ${role}`);
  expect(result.stdout).toContain(`Refreshed the credentials of ${role}`);
  expect(calls('AssumeRoleWithWebIdentity', 'sts') - assumed).toBeGreaterThanOrEqual(2);
  expect(result.output).not.toMatch(/ExpiredToken/);
});

test("RunTask's failures (no capacity) fail the step with ECS's reason, and no task is left behind", async () => {
  const { inputs, cluster, family } = await fixture('capacity', { outcome: 'no-capacity' });
  const result = await run(inputs);
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    `RunTask started no task in cluster ${cluster}: Capacity is unavailable at this time. Please try again later or in a different availability zone (arn:aws:ecs:${REGION}:123456789012:task-definition/${family}:1)`,
  ]);
  expect(result.outputs['task-arn']).toBeUndefined();
  expect(result.state['task-arn']).toBeUndefined();
  expect(await tasksOf(cluster)).toEqual([]);
});
