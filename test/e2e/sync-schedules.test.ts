import {
  GetScheduleGroupCommand,
  ListTagsForResourceCommand,
  UpdateScheduleCommand,
  CreateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { ARN, createService, deployServiceSuite, taskDefinition, writeTaskDefinition } from './deploy-service-fixtures.js';
import {
  awsClients,
  DLQ,
  getSchedule,
  mutatingCalls,
  ROLE,
  scheduleNames,
  syncSchedules,
  writeSchedules,
} from './sync-schedules-fixtures.js';

/**
 * sync-schedules, run as the runner runs it, after deploy-service (also run as the runner runs it),
 * against the simulator's ECS, EventBridge Scheduler and EventBridge.
 */

const suite = deployServiceSuite();
const GROUP = 'prod-api';

const FILE_V1 = `
role: ${ROLE}
timezone: Europe/Berlin
jobs:
  nightly-report:
    expression: cron(0 3 * * ? *)
    container: web
    command: ["node", "report.js", "--daily"]
    environment:
      REPORT_KIND: daily
    cpu: 512
    memory: 1024
    flexible-window: 15m
    retries: 1
    max-event-age: 30m
    dead-letter-queue: ${DLQ}
  cleanup:
    expression: rate(6 hours)
    timezone: UTC
    container: web
    command: node cleanup.js
  monthly-invoices:
    expression: cron(30 6 L * ? *)
    timezone: America/New_York
    container: web
    command: ["node", "invoices.js"]
    enabled: false
`;

/** v1 with cleanup's command changed, monthly-invoices removed and weekly-digest added. */
const FILE_V2 = `
role: ${ROLE}
timezone: Europe/Berlin
jobs:
  nightly-report:
    expression: cron(0 3 * * ? *)
    container: web
    command: ["node", "report.js", "--daily"]
    environment:
      REPORT_KIND: daily
    cpu: 512
    memory: 1024
    flexible-window: 15m
    retries: 1
    max-event-age: 30m
    dead-letter-queue: ${DLQ}
  cleanup:
    expression: rate(6 hours)
    timezone: UTC
    container: web
    command: node cleanup.js --vacuum
  weekly-digest:
    expression: cron(0 9 ? * MON *)
    timezone: Asia/Tokyo
    container: web
    command: ["node", "digest.js"]
`;

/** V2 as the omitted-field test leaves it: nightly-report's command changed, its window taken out. */
const FILE_V3 = FILE_V2.replace('["node", "report.js", "--daily"]', '["node", "report.js", "--nightly"]').replace(
  '    flexible-window: 15m\n',
  '',
);

let deployedArn = '';

beforeAll(async () => {
  await createService(suite.sim, { service: 'api', image: 'repo/app:1', desiredCount: 1 });
  // The deploy that the schedules follow: api:2.
  const deploy = await suite.deploy({ service: 'api', 'task-definition': writeTaskDefinition(taskDefinition('api', 'repo/app:2')) });
  expect(deploy.code).toBe(0);
  deployedArn = deploy.outputs['task-definition-arn'];
  expect(deployedArn).toBe(ARN('api', 2));
});
beforeEach(() => suite.sim.world.calls.clear());

test('a deploy creates the schedules of a new file, complete, in a group it owns, and reports their next runs', async () => {
  const run = await syncSchedules(suite.sim, { service: 'api', schedules: writeSchedules(FILE_V1), 'task-definition-arn': deployedArn });

  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Schedules in group prod-api, targeting api:2:');
  expect(run.stdout).toMatch(/create +nightly-report: cron\(0 3 \* \* \? \*\) \(Europe\/Berlin\)/);
  expect(run.outputs.changed).toBe('true');
  expect(JSON.parse(run.outputs.schedules)).toEqual([
    { name: 'nightly-report', action: 'create' },
    { name: 'cleanup', action: 'create' },
    { name: 'monthly-invoices', action: 'create' },
  ]);
  expect(mutatingCalls(suite.sim)).toEqual({ 'scheduler.CreateSchedule': 3, 'scheduler.CreateScheduleGroup': 1 });

  const { scheduler } = awsClients(suite.sim);
  const group = await scheduler.send(new GetScheduleGroupCommand({ Name: GROUP }));
  const { Tags } = await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: group.Arn }));
  expect(Tags).toEqual(
    expect.arrayContaining([
      { Key: 'ecs-ship:managed-by', Value: 'ecs-ship' },
      { Key: 'ecs-ship:service', Value: 'prod/api' },
    ]),
  );

  const nightly = await getSchedule(suite.sim, GROUP, 'nightly-report');
  expect(nightly).toMatchObject({
    ScheduleExpression: 'cron(0 3 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Berlin',
    FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    State: 'ENABLED',
    Target: {
      Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      RoleArn: ROLE,
      RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 1800 },
      DeadLetterConfig: { Arn: DLQ },
      EcsParameters: {
        TaskDefinitionArn: ARN('api', 2),
        TaskCount: 1,
        LaunchType: 'FARGATE',
        // The service's network settings.
        NetworkConfiguration: {
          awsvpcConfiguration: { Subnets: ['subnet-0123abcd'], SecurityGroups: ['sg-0123abcd'], AssignPublicIp: 'DISABLED' },
        },
      },
    },
  });
  expect(JSON.parse(nightly.Target!.Input!)).toEqual({
    containerOverrides: [
      { name: 'web', command: ['node', 'report.js', '--daily'], environment: [{ name: 'REPORT_KIND', value: 'daily' }] },
    ],
    cpu: '512',
    memory: '1024',
  });
  expect((await getSchedule(suite.sim, GROUP, 'monthly-invoices')).State).toBe('DISABLED');
  // Bounded retries by default, not Scheduler's 185 over a day.
  expect((await getSchedule(suite.sim, GROUP, 'cleanup')).Target?.RetryPolicy).toEqual({
    MaximumRetryAttempts: 2,
    MaximumEventAgeInSeconds: 3600,
  });

  // The summary: every schedule with its next three runs on its own zone's clock.
  // (The rendered text blanks * inside code, as summary-view.ts explains.)
  expect(run.summaryText).toMatch(/nightly-report\s+created\s+cron\(0 3 [ ?]+\)\s+Europe\/Berlin/);
  expect(run.summary).toContain('<code>cron(0 3 * * ? *)</code>');
  expect(run.summaryText.match(/\d{4}-\d\d-\d\d 03:00 \(UTC\+0[12]:00\)/g)).toHaveLength(3);
  expect(run.summaryText.match(/\d{4}-\d\d-\d\d 06:30 \(UTC-0[45]:00\)/g)).toHaveLength(3);
  expect(run.summaryText).toContain('tasks run api:2');
});

test('one job changed, one added and one removed: exactly that is applied, the rest untouched', async () => {
  const before = await getSchedule(suite.sim, GROUP, 'nightly-report');
  const run = await syncSchedules(suite.sim, { service: 'api', schedules: writeSchedules(FILE_V2), 'task-definition-arn': deployedArn });

  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/unchanged +nightly-report/);
  expect(run.stdout).toMatch(/update +cleanup: command/);
  expect(run.stdout).toMatch(/create +weekly-digest/);
  expect(run.stdout).toMatch(/delete +monthly-invoices \(no longer in the file\)/);
  expect(mutatingCalls(suite.sim)).toEqual({ 'scheduler.CreateSchedule': 1, 'scheduler.UpdateSchedule': 1, 'scheduler.DeleteSchedule': 1 });
  expect(await scheduleNames(suite.sim, GROUP)).toEqual(['cleanup', 'nightly-report', 'weekly-digest']);
  expect(JSON.parse((await getSchedule(suite.sim, GROUP, 'cleanup')).Target!.Input!).containerOverrides[0].command).toEqual([
    'node',
    'cleanup.js',
    '--vacuum',
  ]);
  expect((await getSchedule(suite.sim, GROUP, 'nightly-report')).LastModificationDate).toEqual(before.LastModificationDate);
  expect(run.summaryText).toMatch(/cleanup\s+updated: command/);
  expect(run.summaryText).toMatch(/monthly-invoices\s+deleted/);
});

test('a re-run changes nothing and says so', async () => {
  const run = await syncSchedules(suite.sim, { service: 'api', schedules: writeSchedules(FILE_V2), 'task-definition-arn': deployedArn });

  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Nothing to change: every schedule already matches the file.');
  expect(run.outputs.changed).toBe('false');
  expect(mutatingCalls(suite.sim)).toEqual({});
  expect(run.summaryText).toContain('Nothing changed: every schedule already matched the file.');
});

test('a field omitted on update does not silently change anything else', async () => {
  // Set outside the file (the console, Terraform): a KMS key and a placement strategy.
  const { scheduler } = awsClients(suite.sim);
  const current = await getSchedule(suite.sim, GROUP, 'nightly-report');
  const { $metadata: _metadata, Arn: _arn, CreationDate: _created, LastModificationDate: _modified, ...whole } = current;
  await scheduler.send(
    new UpdateScheduleCommand({
      ...whole,
      Name: whole.Name!,
      ScheduleExpression: whole.ScheduleExpression!,
      FlexibleTimeWindow: whole.FlexibleTimeWindow!,
      Target: {
        ...whole.Target!,
        EcsParameters: {
          ...whole.Target!.EcsParameters!,
          PlacementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
        },
      },
      KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    }),
  );
  suite.sim.world.calls.clear();
  // Only nightly-report's command changes.
  const run = await syncSchedules(suite.sim, {
    service: 'api',
    schedules: writeSchedules(FILE_V2.replace('["node", "report.js", "--daily"]', '["node", "report.js", "--nightly"]')),
    'task-definition-arn': deployedArn,
  });

  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/update +nightly-report: command$/m);
  expect(mutatingCalls(suite.sim)).toEqual({ 'scheduler.UpdateSchedule': 1 });
  const after = await getSchedule(suite.sim, GROUP, 'nightly-report');
  expect(JSON.parse(after.Target!.Input!).containerOverrides[0].command).toEqual(['node', 'report.js', '--nightly']);
  // Everything else as it was: the file's other fields and what was set outside it.
  const { $metadata: _after, LastModificationDate: _modifiedAfter, ...kept } = after;
  const { $metadata: _before, LastModificationDate: _modifiedBefore, ...was } = current;
  expect({
    ...kept,
    KmsKeyArn: undefined,
    Target: { ...kept.Target, Input: undefined, EcsParameters: { ...kept.Target!.EcsParameters!, PlacementStrategy: undefined } },
  }).toEqual({ ...was, Target: { ...was.Target, Input: undefined } });
  expect(after.Target?.EcsParameters?.PlacementStrategy).toEqual([{ type: 'spread', field: 'attribute:ecs.availability-zone' }]);
  expect(after.KmsKeyArn).toBe('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');

  // Taking a field out of the file is a change the plan names, not a silent reset.
  suite.sim.world.calls.clear();
  const windowless = await syncSchedules(suite.sim, {
    service: 'api',
    schedules: writeSchedules(FILE_V3),
    'task-definition-arn': deployedArn,
  });
  expect(windowless.stdout).toMatch(/update +nightly-report: flexible-window$/m);
  expect((await getSchedule(suite.sim, GROUP, 'nightly-report')).FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  expect((await getSchedule(suite.sim, GROUP, 'nightly-report')).Target?.RetryPolicy).toEqual({
    MaximumRetryAttempts: 1,
    MaximumEventAgeInSeconds: 1800,
  });
});

test('a schedule the toolkit did not create is never touched', async () => {
  const { scheduler } = awsClients(suite.sim);
  const handMade = {
    ScheduleExpression: 'rate(1 day)',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    Target: { Arn: 'arn:aws:sqs:us-east-1:123456789012:ops', RoleArn: ROLE, Input: 'ping' },
  };
  // One in the toolkit's group by hand, one of the same name as a job in the default group.
  await scheduler.send(new CreateScheduleCommand({ Name: 'ops-ping', GroupName: GROUP, ...handMade }));
  await scheduler.send(new CreateScheduleCommand({ Name: 'cleanup', ...handMade }));
  const before = [await getSchedule(suite.sim, GROUP, 'ops-ping'), await getSchedule(suite.sim, 'default', 'cleanup')];
  suite.sim.world.calls.clear();

  // The file no longer has weekly-digest: it is deleted, ops-ping is not.
  const run = await syncSchedules(suite.sim, {
    service: 'api',
    schedules: writeSchedules(FILE_V3.replace(/ {2}weekly-digest:[\s\S]*$/, '')),
    'task-definition-arn': deployedArn,
  });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/left alone ops-ping \(not created by ecs-ship\)/);
  expect(mutatingCalls(suite.sim)).toEqual({ 'scheduler.DeleteSchedule': 1 });
  expect([await getSchedule(suite.sim, GROUP, 'ops-ping'), await getSchedule(suite.sim, 'default', 'cleanup')]).toEqual(
    before.map((schedule) => ({ ...schedule, $metadata: expect.anything() })),
  );
  expect(JSON.parse(run.outputs.schedules)).toContainEqual({ name: 'ops-ping', action: 'foreign' });

  // A job named like a schedule someone else made in the group: refused, nothing changed.
  suite.sim.world.calls.clear();
  const clash = await syncSchedules(suite.sim, {
    service: 'api',
    schedules: writeSchedules(`${FILE_V3}\n  ops-ping:\n    expression: rate(1 hour)\n    container: web\n`),
    'task-definition-arn': deployedArn,
  });
  expect(clash.code).toBe(1);
  expect(clash.errors).toEqual([
    'schedule "ops-ping" already exists in group "prod-api" and was not created by ecs-ship: it is left alone; rename the job or delete that schedule',
  ]);
  expect(mutatingCalls(suite.sim)).toEqual({});
});

test('a rollback retargets the schedules to the older revision', async () => {
  const rollback = await suite.deploy({ service: 'api', 'task-definition-arn': 'api:1' });
  expect(rollback.code).toBe(0);
  expect(rollback.outputs['task-definition-arn']).toBe(ARN('api', 1));
  suite.sim.world.calls.clear();

  const file = writeSchedules(FILE_V3);
  const run = await syncSchedules(suite.sim, {
    service: 'api',
    schedules: file,
    'task-definition-arn': rollback.outputs['task-definition-arn'],
  });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('targeting api:1');
  expect(run.stdout).toMatch(/update +cleanup: task-definition$/m);
  for (const name of await scheduleNames(suite.sim, GROUP)) {
    if (name === 'ops-ping') continue;
    expect((await getSchedule(suite.sim, GROUP, name)).Target?.EcsParameters?.TaskDefinitionArn).toBe(ARN('api', 1));
  }
  // Without task-definition-arn, the revision the service runs now: the same answer.
  suite.sim.world.calls.clear();
  const again = await syncSchedules(suite.sim, { service: 'api', schedules: file });
  expect(again.outputs.changed).toBe('false');
  expect(mutatingCalls(suite.sim)).toEqual({});
});

test('legacy EventBridge rule targets of the service follow the deployed revision; others are left alone', async () => {
  const { events } = awsClients(suite.sim);
  await events.send(new PutRuleCommand({ Name: 'nightly-cleanup', ScheduleExpression: 'cron(0 2 * * ? *)' }));
  const ecsTarget = (id: string, taskDefinitionArn: string) => ({
    Id: id,
    Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    RoleArn: 'arn:aws:iam::123456789012:role/ecsEventsRole',
    Input: JSON.stringify({ containerOverrides: [{ name: 'web', command: ['node', 'cleanup.js'] }] }),
    EcsParameters: {
      TaskDefinitionArn: taskDefinitionArn,
      TaskCount: 1,
      LaunchType: 'FARGATE' as const,
      NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-0123abcd'], AssignPublicIp: 'DISABLED' as const } },
    },
  });
  const others = [
    ecsTarget('worker', 'arn:aws:ecs:us-east-1:123456789012:task-definition/worker:7'),
    { Id: 'queue', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' },
  ];
  await events.send(
    new PutTargetsCommand({
      Rule: 'nightly-cleanup',
      Targets: [ecsTarget('api-1', ARN('api', 2)), ...others, ecsTarget('api-2', ARN('api', 2))],
    }),
  );
  suite.sim.world.calls.clear();

  const file = writeSchedules(`${FILE_V3}\nlegacy-rules:\n  - nightly-cleanup\n`);
  const run = await syncSchedules(suite.sim, { service: 'api', schedules: file, 'task-definition-arn': ARN('api', 1) });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('retarget   rule nightly-cleanup, target api-1: api:2 -> api:1');
  expect(run.stdout).toContain('retarget   rule nightly-cleanup, target api-2: api:2 -> api:1');
  expect(mutatingCalls(suite.sim)).toEqual({ 'events.PutTargets': 1 });
  const { Targets: first = [], NextToken } = await events.send(new ListTargetsByRuleCommand({ Rule: 'nightly-cleanup' }));
  const { Targets: rest = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: 'nightly-cleanup', NextToken }));
  const targets = [...first, ...rest];
  expect(targets).toHaveLength(4);
  expect(targets.find((t) => t.Id === 'api-1')).toEqual(ecsTarget('api-1', ARN('api', 1)));
  expect(targets.find((t) => t.Id === 'api-2')).toEqual(ecsTarget('api-2', ARN('api', 1)));
  expect(targets.filter((t) => t.Id === 'worker' || t.Id === 'queue')).toEqual(others);
  expect(run.summaryText).toMatch(/Rule nightly-cleanup target api-1 ?: api:2 → api:1/);

  // Once retargeted, nothing more to do.
  suite.sim.world.calls.clear();
  const again = await syncSchedules(suite.sim, { service: 'api', schedules: file, 'task-definition-arn': ARN('api', 1) });
  expect(again.outputs.changed).toBe('false');
  expect(mutatingCalls(suite.sim)).toEqual({});
});

test('"jobs: {}" deletes every schedule the toolkit made, and only those', async () => {
  const run = await syncSchedules(suite.sim, {
    service: 'api',
    schedules: writeSchedules('jobs: {}\n'),
    'task-definition-arn': ARN('api', 1),
  });

  expect(run.code).toBe(0);
  expect(mutatingCalls(suite.sim)).toEqual({ 'scheduler.DeleteSchedule': 3 });
  expect(await scheduleNames(suite.sim, GROUP)).toEqual(['ops-ping']);
});
