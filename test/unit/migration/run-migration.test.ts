import { memoryLogger } from '../../../src/logger.js';
import { runMigration } from '../../../src/migration/run-migration.js';
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
function fakeEcs(statuses: Array<Record<string, unknown>>, runTask: (input: any) => unknown = () => ({ tasks: [{ taskArn: TASK }], failures: [] })) {
  let i = 0;
  return fakeClient({
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
    overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'], environment: [{ name: 'DRY_RUN', value: '0' }] }] },
    tags: [{ key: 'team', value: 'shop' }],
  });
  expect(request.clientToken).toMatch(/^ecs-ship-[0-9a-f]+$/);
  expect(started).toEqual([expect.objectContaining({ taskArn: TASK, cluster: 'shop', logUrl: expect.stringContaining('ecs$252Fapp$252Fabc123') })]);
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
  const running = runMigration(settings, { ...deps(ecs), pollMs: 5, onStarted: () => setTimeout(() => controller.abort(), 20), signal: controller.signal });
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
    DescribeTaskDefinition: () => {
      throw awsError('ClientException', 'Unable to describe task definition.');
    },
  });
  await expect(runMigration(settings, deps(missing))).rejects.toThrow(
    'Input "task-definition" has value "shop-migrate:4": expected a registered task definition (Unable to describe task definition.).',
  );
  expect(ecs.callsTo('RunTask')).toEqual([]);
  expect(missing.callsTo('RunTask')).toEqual([]);
});
