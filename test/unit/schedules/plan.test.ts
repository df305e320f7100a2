import type { GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import { desiredSchedule, MANAGED_MARK, type RunSettings } from '../../../src/schedules/desired.js';
import { parseSchedules } from '../../../src/schedules/file.js';
import { planSchedules } from '../../../src/schedules/plan.js';

const ROLE = 'arn:aws:iam::123456789012:role/scheduler';
const RUN: RunSettings = {
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
  launchType: 'FARGATE',
  network: { subnets: ['subnet-0123abcd'], securityGroups: ['sg-0123abcd'], assignPublicIp: false },
};
const TD = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/api:${revision}`;

function desired(yaml: string, revision = 2) {
  const file = parseSchedules(`role: ${ROLE}\njobs:\n${yaml}`, 'schedules.yml');
  return file.jobs.map((job) => desiredSchedule(job, { group: 'prod-api', taskDefinitionArn: TD(revision), run: RUN }));
}

/** A schedule as GetSchedule would return what was sent (with Scheduler's defaults filled in). */
const stored = (schedule: ReturnType<typeof desired>[number], extra: Partial<GetScheduleCommandOutput> = {}): GetScheduleCommandOutput => ({
  $metadata: {},
  ...schedule,
  Target: {
    ...schedule.Target,
    EcsParameters: { ...schedule.Target.EcsParameters!, TaskCount: schedule.Target.EcsParameters!.TaskCount ?? 1 },
  },
  ...extra,
});

const JOBS = `  a:\n    expression: rate(1 hour)\n    container: web\n  b:\n    expression: cron(0 3 * * ? *)\n    container: web\n    command: ["node", "b.js"]\n`;

test('create what is new, update what changed, delete what left, leave the equal and the foreign alone', () => {
  const [a, b] = desired(JOBS);
  const [oldB] = desired(`  b:\n    expression: cron(0 4 * * ? *)\n    container: web\n    command: ["node", "b.js"]\n`);
  const [gone] = desired(`  gone:\n    expression: rate(1 day)\n    container: web\n`);
  const foreign = { ...stored(gone), Name: 'by-hand', Description: 'made in the console' };
  const plan = planSchedules([a, b], [stored(oldB), stored(gone), foreign]);

  expect(plan.map((entry) => [entry.action, entry.name])).toEqual([
    ['create', 'a'],
    ['update', 'b'],
    ['delete', 'gone'],
    ['foreign', 'by-hand'],
  ]);
  expect(plan[1].action === 'update' && plan[1].changes).toEqual(['expression']);
});

test("an equal schedule is unchanged, Scheduler's defaults and all", () => {
  const [a] = desired(JOBS);
  const current = stored(a, {
    CreationDate: new Date(),
    LastModificationDate: new Date(),
    Arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/prod-api/a',
  });
  expect(planSchedules([a], [current]).map((entry) => entry.action)).toEqual(['unchanged']);
});

test('a rollback is a task-definition change of every schedule', () => {
  const now = desired(JOBS, 2);
  const plan = planSchedules(
    desired(JOBS, 1),
    now.map((s) => stored(s)),
  );
  expect(plan.map((entry) => entry.action === 'update' && entry.changes)).toEqual([['task-definition'], ['task-definition']]);
});

test('an update sends the whole desired schedule and keeps what the file does not manage', () => {
  const [, b] = desired(JOBS);
  const [oldB] = desired(
    `  b:\n    expression: cron(0 3 * * ? *)\n    container: web\n    command: ["node", "old.js"]\n    flexible-window: 30m\n`,
  );
  const current = stored(oldB, {
    KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
    Target: {
      ...oldB.Target,
      EcsParameters: { ...oldB.Target.EcsParameters!, PlacementStrategy: [{ type: 'random' }], EnableExecuteCommand: true },
    },
  });
  const [entry] = planSchedules([b], [current]);
  if (entry.action !== 'update') throw new Error(`expected an update, got ${entry.action}`);
  expect(entry.changes).toEqual(['flexible-window', 'command']);
  expect(entry.request).toMatchObject({
    Name: 'b',
    GroupName: 'prod-api',
    ScheduleExpression: 'cron(0 3 * * ? *)',
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: 'ENABLED',
    Description: MANAGED_MARK,
    KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
    Target: {
      RoleArn: ROLE,
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      EcsParameters: {
        TaskDefinitionArn: TD(2),
        PlacementStrategy: [{ type: 'random' }],
        EnableExecuteCommand: true,
        LaunchType: 'FARGATE',
      },
    },
  });
});

test('a job named like a schedule the toolkit did not create is refused', () => {
  const [a] = desired(JOBS);
  expect(() => planSchedules([a], [{ ...stored(a), Description: undefined }])).toThrow(
    'schedule "a" already exists in group "prod-api" and was not created by ecs-ship',
  );
});
