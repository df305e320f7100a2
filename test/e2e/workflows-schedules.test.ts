import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { simulatorClientConfig } from '../aws-sim/server.js';
import { deployWorkflowEnvironment } from './workflows-setup.js';

/**
 * The reusable deploy workflow passes `schedules` on: after a service's deploy succeeds, its
 * scheduled jobs (the example service's .aws/schedules.yml) are synced, running the revision that
 * leg deployed; a service without a schedules file has no sync step.
 */

const suite = deployWorkflowEnvironment();

test("the deploy workflow syncs the api's scheduled jobs after its deploy, and skips the worker that has none", async () => {
  const { env } = suite;
  const result = await suite.pushDeploy(`      schedules: '{"api": ".aws/schedules.yml"}'\n`);
  expect(result.jobs.filter((j) => j.result === 'failure').map((j) => [j.path, j.reason, ...j.annotations])).toEqual([]);
  expect(result.conclusion).toBe('success');

  const sync = (leg: string) => result.job(`deploy / deploy (${leg})`).steps.find((s) => s.uses?.includes('sync-schedules'));
  expect(sync('api')?.conclusion).toBe('success');
  expect(sync('api')?.log).toMatch(/Schedules in group shop-api, targeting shop-api:\d+:/);
  expect(sync('worker')?.conclusion ?? 'skipped').toBe('skipped');

  const deployed = JSON.parse(result.job('deploy').outputs.services).api.taskDefinitionArn;
  const scheduler = new SchedulerClient(simulatorClientConfig(env.sim));
  const nightly = await scheduler.send(new GetScheduleCommand({ GroupName: 'shop-api', Name: 'nightly-report' }));
  expect(nightly).toMatchObject({ ScheduleExpression: 'cron(0 3 * * ? *)', ScheduleExpressionTimezone: 'Europe/Berlin' });
  expect(nightly.Target?.EcsParameters?.TaskDefinitionArn).toBe(deployed);
}, 300_000);
