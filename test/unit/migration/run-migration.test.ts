import { memoryLogger } from '../../../src/logger.js';
import { runMigration } from '../../../src/migration/run-migration.js';
import type { TaskDefinitionChoice } from '../../../src/ecs/task-definition/file.js';
import type { MigrationSettings } from '../../../src/migration/settings.js';
import { awsError, fakeClient } from '../fake-aws.js';

const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/shop/abc123';
const taskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-migrate:4',
  family: 'shop-migrate',
  revision: 4,
  networkMode: 'awsvpc',
  containerDefinitions: [
    { name: 'sidecar', essential: false },
    {
      name: 'app',
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'ecs' } },
    },
  ],
};
const cluster = { clusterName: 'shop', status: 'ACTIVE', capacityProviders: ['FARGATE'] };
const settings: MigrationSettings = {
  cluster: 'shop',
  taskDefinition: { kind: 'reference', reference: 'shop-migrate:4' },
  command: ['npm', 'run', 'migrate'],
  environment: [['DRY_RUN', '0']],
  network: { subnets: ['subnet-aaaa1111'], securityGroups: [], launchType: 'FARGATE' },
  timeoutMs: 60_000,
  startedBy: 'ecs-ship/run-migration',
  tags: [['team', 'shop']],
};

/** ECS whose task walks through `statuses` (one per DescribeTasks), then stays on the last. */
function fakeEcs(
  statuses: Array<Record<string, unknown>>,
  runTask: (input: any) => unknown = () => ({ tasks: [{ taskArn: TASK }], failures: [] }),
) {
  let i = 0;
  return fakeClient({
    DescribeClusters: () => ({ clusters: [cluster], failures: [] }),
    DescribeTaskDefinition: () => ({ taskDefinition }),
    RunTask: runTask,
    DescribeTasks: () => ({ tasks: [{ taskArn: TASK, ...statuses[Math.min(i++, statuses.length - 1)] }] }),
    StopTask: () => ({ task: { taskArn: TASK } }),
  });
}

const logsWith = (lines: string[]) =>
  fakeClient({
    GetLogEvents: (input) => {
      if (!input.nextToken) return { events: lines.map((message, n) => ({ timestamp: n, message })), nextForwardToken: 'end' };
      return { events: [], nextForwardToken: 'end' };
    },
  });

const stoppedWith = (exitCode: number) => ({
  lastStatus: 'STOPPED',
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  containers: [{ name: 'app', exitCode }],
});

const deps = (ecs: ReturnType<typeof fakeClient>, logs = logsWith([])) => ({
  ecs,
  logs: () => logs,
  region: 'eu-west-1',
  logger: memoryLogger(),
  pollMs: 1,
  env: { GITHUB_RUN_ID: '1', GITHUB_JOB: 'deploy' },
});

test('runs the task with overrides and a client token, follows it and succeeds on exit 0', async () => {
  const ecs = fakeEcs([{ lastStatus: 'PROVISIONING' }, { lastStatus: 'RUNNING' }, stoppedWith(0)]);
  const d = deps(ecs, logsWith(['migrating', 'done']));
  const started: unknown[] = [];
  const result = await runMigration(settings, { ...d, onStarted: (s) => started.push(s) });
  expect(result).toMatchObject({ taskArn: TASK, exitCode: 0, container: 'app', end: 'stopped', lastLines: ['migrating', 'done'] });
  expect(result.failure).toBeUndefined();
  const [request] = ecs.callsTo('RunTask');
  expect(request).toMatchObject({
    cluster: 'shop',
    taskDefinition: taskDefinition.taskDefinitionArn,
    count: 1,
    launchType: 'FARGATE',
    startedBy: 'ecs-ship/run-migration',
    enableExecuteCommand: false,
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-aaaa1111'] } },
    overrides: {
      containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'], environment: [{ name: 'DRY_RUN', value: '0' }] }],
    },
    tags: [{ key: 'team', value: 'shop' }],
  });
  expect(request.clientToken).toMatch(/^ecs-ship-[0-9a-f]+$/);
  expect(started).toEqual([
    expect.objectContaining({ taskArn: TASK, cluster: 'shop', logUrl: expect.stringContaining('ecs$252Fapp$252Fabc123') }),
  ]);
  expect(d.logger.lines.filter((l) => l.startsWith('Task abc123'))).toEqual([
    'Task abc123: PROVISIONING',
    'Task abc123: RUNNING',
    'Task abc123: STOPPED (EssentialContainerExited: Essential container in task exited)',
  ]);
  // Environment values are never printed, only their names.
  expect(d.logger.lines.join('\n')).not.toContain('DRY_RUN=0');
});

test('a non-zero exit fails with the code and prints the last lines next to the error', async () => {
  const ecs = fakeEcs([{ lastStatus: 'RUNNING' }, stoppedWith(3)]);
  const d = deps(ecs, logsWith(['one', 'two', 'boom']));
  const result = await runMigration(settings, d);
  expect(result.failure).toBe('migration exited with code 3 (container app); last lines: one | two | boom');
  expect(d.logger.lines).toContain('[Last 3 log lines of container app]');
});

test('RunTask failures become one clear line', async () => {
  const ecs = fakeEcs([], () => ({ tasks: [], failures: [{ arn: 'arn:x', reason: 'Capacity is unavailable at this time.' }] }));
  await expect(runMigration(settings, deps(ecs))).rejects.toThrow(
    'RunTask started no task in cluster shop: Capacity is unavailable at this time. (arn:x)',
  );
});

test('a timeout stops the task, waits for STOPPED and fails saying so', async () => {
  const ecs = fakeEcs([{ lastStatus: 'RUNNING' }, { lastStatus: 'RUNNING' }, { lastStatus: 'RUNNING' }, stoppedWith(143)]);
  const result = await runMigration({ ...settings, timeoutMs: 1 }, deps(ecs));
  expect(ecs.callsTo('StopTask')).toEqual([
    { cluster: 'shop', task: TASK, reason: 'Stopped by ecs-ship: the migration did not finish within 0s' },
  ]);
  expect(result.end).toBe('timeout');
  expect(result.failure).toMatch(/^migration timed out after 0s: stopped task abc123/);
});

test('a cancelled job stops the task', async () => {
  const controller = new AbortController();
  const ecs = fakeEcs([{ lastStatus: 'RUNNING' }]);
  const running = runMigration(settings, {
    ...deps(ecs),
    pollMs: 5,
    onStarted: () => setTimeout(() => controller.abort(), 20),
    signal: controller.signal,
  });
  const result = await running;
  expect(result.end).toBe('cancelled');
  expect(ecs.callsTo('StopTask')[0].reason).toBe('Stopped by ecs-ship: the GitHub Actions job was cancelled');
});

test('an unknown container or task definition fails before RunTask', async () => {
  const ecs = fakeEcs([]);
  await expect(runMigration({ ...settings, container: 'web' }, deps(ecs))).rejects.toThrow(
    'Input "container" has value "web": expected a container of task definition shop-migrate:4 (sidecar, app).',
  );
  const missing = fakeClient({
    DescribeClusters: () => ({ clusters: [cluster] }),
    DescribeTaskDefinition: () => {
      throw awsError('ClientException', 'Unable to describe task definition.');
    },
  });
  await expect(runMigration(settings, deps(missing))).rejects.toThrow(
    'Input "taskDefinition" has value "shop-migrate:4": expected a registered task definition (Unable to describe task definition.).',
  );
  expect(ecs.callsTo('RunTask')).toEqual([]);
  expect(missing.callsTo('RunTask')).toEqual([]);
});

/** Operations that change something (not Describe/List/Get). */
const mutating = (ecs: ReturnType<typeof fakeClient>) => ecs.names().filter((name) => !/^(Describe|List|Get)/.test(name));

test('every check comes before the first change: a missing cluster, or a rendered file without the container, registers nothing', async () => {
  const gone = fakeClient({
    DescribeClusters: () => ({ clusters: [], failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop', reason: 'MISSING' }] }),
  });
  await expect(runMigration(settings, deps(gone))).rejects.toThrow(
    'Input "cluster" has value "shop": expected an ACTIVE cluster of eu-west-1 (MISSING).',
  );
  expect(gone.names()).toEqual(['DescribeClusters']);

  const ecs = fakeEcs([]);
  const document = { family: 'shop-migrate', networkMode: 'awsvpc' as const, containerDefinitions: [{ name: 'app', image: 'shop:1' }] };
  const file: TaskDefinitionChoice = { kind: 'file', path: 'ecs/migrate.json', document };
  await expect(runMigration({ ...settings, taskDefinition: file, container: 'web' }, deps(ecs))).rejects.toThrow(
    'Input "container" has value "web": expected a container of task definition file ecs/migrate.json (app).',
  );
  await expect(
    runMigration({ ...settings, taskDefinition: file, network: { subnets: [], securityGroups: [] } }, deps(ecs)),
  ).rejects.toThrow(
    'Task definition file ecs/migrate.json uses networkMode awsvpc: set "service" to copy its network configuration, or "subnets" and "security-groups".',
  );
  expect(mutating(ecs)).toEqual([]);
});

test('records each outcome for the post step: what finds the task before RunTask, then watching, then finished', async () => {
  const ecs = fakeEcs([{ lastStatus: 'RUNNING' }, stoppedWith(0)]);
  const records: unknown[] = [];
  let runTaskSeen = 0;
  const result = await runMigration(settings, {
    ...deps(ecs),
    record: (record) => records.push({ ...record, runTasksBefore: (runTaskSeen = ecs.callsTo('RunTask').length) }),
  });
  expect(result.failure).toBeUndefined();
  expect(runTaskSeen).toBe(1);
  expect(records).toEqual([
    {
      outcome: 'starting',
      cluster: 'shop',
      runTasksBefore: 0,
      finder: {
        cluster: 'shop',
        startedBy: 'ecs-ship/run-migration',
        taskDefinitionArn: taskDefinition.taskDefinitionArn,
        container: 'app',
        overrides: expect.stringMatching(/^[0-9a-f]{32}$/),
        requestedAt: expect.any(Number),
      },
    },
    { outcome: 'watching', cluster: 'shop', taskArn: TASK, runTasksBefore: 1 },
    { outcome: 'finished', cluster: 'shop', taskArn: TASK, runTasksBefore: 1 },
  ]);
});

test('a RunTask that fails leaves nothing for the post step to stop', async () => {
  const ecs = fakeEcs([], () => {
    throw awsError('AccessDeniedException', 'not allowed to ecs:RunTask');
  });
  const outcomes: string[] = [];
  await expect(runMigration(settings, { ...deps(ecs), record: (r) => outcomes.push(r.outcome) })).rejects.toThrow('not allowed');
  expect(outcomes).toEqual(['starting', 'gave-up']);
});

test('a timeout is recorded before StopTask (the post step stops the task if main dies there), finished once stopped', async () => {
  const ecs = fakeEcs([{ lastStatus: 'RUNNING' }, { lastStatus: 'RUNNING' }, { lastStatus: 'RUNNING' }, stoppedWith(143)]);
  const outcomes: string[] = [];
  await runMigration(
    { ...settings, timeoutMs: 1 },
    { ...deps(ecs), record: (r) => outcomes.push(`${r.outcome}:${ecs.callsTo('StopTask').length}`) },
  );
  expect(outcomes).toEqual(['starting:0', 'watching:0', 'timeout:0', 'finished:1']);
});

test('RunTask answering with a task this step already ran says it reports that one', async () => {
  const ecs = fakeEcs([stoppedWith(0)], () => ({
    tasks: [{ taskArn: TASK, lastStatus: 'STOPPED', createdAt: new Date(Date.now() - 60_000) }],
    failures: [],
  }));
  const d = deps(ecs);
  const result = await runMigration(settings, d);
  expect(result.exitCode).toBe(0);
  expect(d.logger.lines).toContainEqual(
    expect.stringMatching(
      /^warning: This step already ran in this run attempt: RunTask \(same client token\) returned its task abc123, started \S+Z; reporting that task rather than running the migration again$/,
    ),
  );

  const fresh = fakeEcs([stoppedWith(0)], () => ({
    tasks: [{ taskArn: TASK, lastStatus: 'PROVISIONING', createdAt: new Date() }],
    failures: [],
  }));
  const quiet = deps(fresh);
  await runMigration(settings, quiet);
  expect(quiet.logger.lines.join('\n')).not.toContain('already ran');
});
