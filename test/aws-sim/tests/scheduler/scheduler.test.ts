import { EventBridgeClient, DescribeRuleCommand, ResourceNotFoundException as RuleNotFound } from '@aws-sdk/client-eventbridge';
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';

/** The simulated EventBridge Scheduler and EventBridge, through the unmodified AWS SDK clients. */

let sim: Simulator;
let scheduler: SchedulerClient;
beforeAll(async () => {
  sim = await startSimulator();
  scheduler = new SchedulerClient(simulatorClientConfig(sim));
});
afterAll(() => sim.stop());

const ROLE = 'arn:aws:iam::123456789012:role/scheduler';
const schedule = (name: string, extra: Record<string, unknown> = {}) => ({
  Name: name,
  GroupName: 'jobs',
  ScheduleExpression: 'cron(0 3 * * ? *)',
  FlexibleTimeWindow: { Mode: 'OFF' as const },
  Target: {
    Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    RoleArn: ROLE,
    EcsParameters: { TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1' },
  },
  ...extra,
});

test('a schedule needs its group; a second one of the same name conflicts', async () => {
  await expect(scheduler.send(new CreateScheduleCommand(schedule('a')))).rejects.toBeInstanceOf(ResourceNotFoundException);
  await scheduler.send(new CreateScheduleGroupCommand({ Name: 'jobs', Tags: [{ Key: 'team', Value: 'shop' }] }));
  await scheduler.send(new CreateScheduleCommand(schedule('a')));
  await expect(scheduler.send(new CreateScheduleCommand(schedule('a')))).rejects.toBeInstanceOf(ConflictException);
});

test('UpdateSchedule replaces the whole schedule: what it omits falls back to the defaults', async () => {
  await scheduler.send(
    new CreateScheduleCommand(
      schedule('full', {
        ScheduleExpressionTimezone: 'Europe/Berlin',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
        State: 'DISABLED',
        Description: 'kept?',
      }),
    ),
  );
  await scheduler.send(new UpdateScheduleCommand(schedule('full', { ScheduleExpression: 'cron(0 4 * * ? *)' })));
  const after = await scheduler.send(new GetScheduleCommand({ GroupName: 'jobs', Name: 'full' }));
  expect(after).toMatchObject({ ScheduleExpression: 'cron(0 4 * * ? *)', FlexibleTimeWindow: { Mode: 'OFF' }, State: 'ENABLED' });
  expect(after.ScheduleExpressionTimezone).toBeUndefined();
  expect(after.Description).toBeUndefined();
  expect(after.Target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
});

test.each([
  ['cron(0 3 * * * *)', undefined],
  ['cron(0 3 * * ?)', undefined],
  ['cron(61 3 * * ? *)', undefined],
  ['rate(0 minutes)', undefined],
  ['rate(5 weeks)', undefined],
  ['at(2026-02-30T00:00:00)', undefined],
  ['cron(0 3 * * ? *)', 'Europe/Berln'],
  ['cron(0 3 * * ? *)', 'europe/berlin'],
])('%s in %s is refused with ValidationException', async (expression, zone) => {
  await expect(
    scheduler.send(
      new CreateScheduleCommand(
        schedule(`bad-${Math.random().toString(36).slice(2, 8)}`, { ScheduleExpression: expression, ScheduleExpressionTimezone: zone }),
      ),
    ),
  ).rejects.toBeInstanceOf(ValidationException);
});

test('a role that is not an IAM role ARN is refused', async () => {
  const bad = schedule('role', { Target: { ...schedule('x').Target, RoleArn: 'arn:aws:iam::123456789012:user/me' } });
  await expect(scheduler.send(new CreateScheduleCommand(bad))).rejects.toBeInstanceOf(ValidationException);
});

test('ListSchedules pages: every schedule once, only by following NextToken', async () => {
  for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) await scheduler.send(new CreateScheduleCommand(schedule(name)));
  const first = await scheduler.send(new ListSchedulesCommand({ GroupName: 'jobs' }));
  expect(first.NextToken).toBeDefined();
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await scheduler.send(new ListSchedulesCommand({ GroupName: 'jobs', NextToken }));
    names.push(...page.Schedules!.map((s) => s.Name!));
    NextToken = page.NextToken;
  } while (NextToken);
  expect(names.sort()).toEqual(['a', 'full', 'p1', 'p2', 'p3', 'p4', 'p5']);
});

test('EventBridge: a rule that does not exist is ResourceNotFoundException', async () => {
  const events = new EventBridgeClient(simulatorClientConfig(sim));
  await expect(events.send(new DescribeRuleCommand({ Name: 'nope' }))).rejects.toBeInstanceOf(RuleNotFound);
});
