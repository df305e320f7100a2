import { CreateScheduleGroupCommand } from '@aws-sdk/client-scheduler';
import { createService, deployServiceSuite } from './deploy-service-fixtures.js';
import { awsClients, mutatingCalls, ROLE, scheduleNames, syncSchedules, writeSchedules } from './sync-schedules-fixtures.js';

/** sync-schedules refuses every bad schedule before any AWS call, naming the job and the field. */

const suite = deployServiceSuite();
beforeAll(() => createService(suite.sim, { service: 'billing', image: 'repo/billing:1', desiredCount: 1 }));
beforeEach(() => suite.sim.world.calls.clear());

const job = (fields: string) => `role: ${ROLE}\njobs:\n  nightly:\n    container: web\n${fields}`;

test.each([
  [
    'a bad expression',
    job('    expression: cron(0 3 * * * *)\n'),
    'job "nightly", field "expression": "cron(0 3 * * * *)" is not a valid cron expression ("?" is needed in exactly one of day-of-month and day-of-week)',
  ],
  [
    'a cron field out of range',
    job('    expression: cron(0 25 * * ? *)\n'),
    'job "nightly", field "expression": "cron(0 25 * * ? *)" is not a valid cron expression (hours value "25" is not 0-23)',
  ],
  [
    'an unknown time zone',
    job('    expression: cron(0 3 * * ? *)\n    timezone: Europe/Berln\n'),
    'job "nightly", field "timezone": "Europe/Berln" is not an IANA time zone',
  ],
  [
    'a window longer than the interval',
    job('    expression: rate(10 minutes)\n    flexible-window: 15m\n'),
    'job "nightly", field "flexible-window": 15m is longer than the time between two runs of "rate(10 minutes)" (10m)',
  ],
  [
    "a window longer than a cron's interval",
    job('    expression: cron(0/5 * * * ? *)\n    flexible-window: 6m\n'),
    'field "flexible-window": 6m is longer than the time between two runs of "cron(0/5 * * * ? *)" (5m)',
  ],
  [
    'a role that is not a role ARN',
    job('    expression: rate(1 hour)\n    role: arn:aws:iam::123456789012:user/deployer\n'),
    'job "nightly", field "role": "arn:aws:iam::123456789012:user/deployer" is not an IAM role ARN',
  ],
  ['no role at all', 'jobs:\n  nightly:\n    container: web\n    expression: rate(1 hour)\n', 'job "nightly", field "role": is required'],
  ['a misspelt field', job('    expression: rate(1 hour)\n    timezon: UTC\n'), 'job "nightly", field "timezon": is not a known field'],
  [
    'a dead-letter queue that is not an SQS ARN',
    job('    expression: rate(1 hour)\n    dead-letter-queue: my-queue\n'),
    'job "nightly", field "dead-letter-queue": "my-queue" is not an SQS queue ARN',
  ],
  [
    'too many retries',
    job('    expression: rate(1 hour)\n    retries: 200\n'),
    'job "nightly", field "retries": "200" is not a whole number from 0 to 185',
  ],
  ['YAML that does not parse', 'jobs: [unclosed\n', 'is not valid YAML'],
])('%s fails before any AWS call', async (_what, text, message) => {
  const path = writeSchedules(text);
  const run = await syncSchedules(suite.sim, { service: 'billing', schedules: path });

  expect(run.code).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toContain(`Schedules file "${path}": `);
  expect(run.errors[0]).toContain(message);
  expect(run.errors[0]).not.toContain('\n');
  expect(suite.sim.world.callLog.filter((call) => call.userAgent?.includes('sync-schedules'))).toEqual([]);
  expect(suite.sim.world.callCounts()).toEqual({});
});

test('a container that is not in the task definition fails before any change, naming the job and field', async () => {
  const path = writeSchedules(
    `role: ${ROLE}\njobs:\n  ok:\n    expression: rate(1 hour)\n    container: web\n  nightly:\n    expression: rate(1 hour)\n    container: worker\n`,
  );
  const run = await syncSchedules(suite.sim, { service: 'billing', schedules: path });

  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    `Schedules file "${path}": job "nightly", field "container": "worker" is not a container of billing:1 (its containers: web).`,
  ]);
  expect(mutatingCalls(suite.sim)).toEqual({});
});

test('a dry run prints the plan and changes nothing', async () => {
  const path = writeSchedules(job('    expression: cron(15 4 ? * SUN *)\n    timezone: Australia/Sydney\n'));
  const run = await syncSchedules(suite.sim, { service: 'billing', schedules: path, 'dry-run': true });

  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Schedules in group prod-billing, targeting billing:1 (dry run: nothing is changed):');
  expect(run.stdout).toMatch(/create +nightly: cron\(15 4 \? \* SUN \*\) \(Australia\/Sydney\)/);
  expect(run.outputs.changed).toBe('true');
  expect(mutatingCalls(suite.sim)).toEqual({});
  expect(run.summaryText).toMatch(/nightly\s+would be created/);
  expect(run.summaryText.match(/\d{4}-\d\d-\d\d 04:15 \(UTC\+1[01]:00\)/g)).toHaveLength(3);
  expect(run.summaryText).toContain('Dry run: nothing was changed.');
});

test("a schedule group of that name without the toolkit's tags is refused and left alone", async () => {
  await awsClients(suite.sim).scheduler.send(
    new CreateScheduleGroupCommand({ Name: 'team-jobs', Tags: [{ Key: 'owner', Value: 'data-team' }] }),
  );
  suite.sim.world.calls.clear();
  const path = writeSchedules(job('    expression: rate(1 hour)\n'));
  const run = await syncSchedules(suite.sim, { service: 'billing', schedules: path, 'schedule-group': 'team-jobs' });

  expect(run.code).toBe(1);
  expect(run.errors).toEqual([
    'schedule group "team-jobs" exists but is not this service\'s (its tag ecs-ship:managed-by is missing, expected "ecs-ship"): it is left alone; choose another schedule-group',
  ]);
  expect(mutatingCalls(suite.sim)).toEqual({});
  expect(await scheduleNames(suite.sim, 'team-jobs')).toEqual([]);
});

test('bad inputs name the input', async () => {
  const path = writeSchedules(job('    expression: rate(1 hour)\n'));
  const cases: Array<[Record<string, string>, string]> = [
    [
      { 'task-definition-arn': 'billing' },
      'Input "task-definition-arn" has value "billing": expected a task definition revision ARN or family:revision',
    ],
    [{ 'schedule-group': 'has space' }, 'Input "schedule-group" has value "has space"'],
    [{ 'dry-run': 'maybe' }, 'Input "dry-run" has value "maybe": expected true or false.'],
    [{ schedules: '/etc/passwd' }, 'Input "schedules" has value "/etc/passwd": expected a path inside the workspace'],
  ];
  for (const [inputs, message] of cases) {
    const run = await syncSchedules(suite.sim, { service: 'billing', schedules: path, ...inputs });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain(message);
  }
  expect(suite.sim.world.callCounts()).toEqual({});
});
