import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { simulatorClientConfig, type Simulator } from '../aws-sim/server.js';
import { CLUSTER, env, MUTATING, WORKSPACE } from './deploy-service-fixtures.js';
import { runAction, type ActionRun, type RunOptions } from './run-action.js';

/** Fixtures for sync-schedules e2e tests: schedules files in the workspace, clients to arrange and inspect. */

export const ROLE = 'arn:aws:iam::123456789012:role/ecs-ship-scheduler';
export const DLQ = 'arn:aws:sqs:us-east-1:123456789012:scheduled-jobs-dlq';

export function writeSchedules(text: string): string {
  const path = join(mkdtempSync(join(WORKSPACE, 'schedules-')), 'schedules.yml');
  writeFileSync(path, text);
  return path;
}

export function awsClients(sim: Simulator) {
  const config = simulatorClientConfig(sim);
  return { scheduler: new SchedulerClient(config), events: new EventBridgeClient(config) };
}

export async function getSchedule(sim: Simulator, group: string, name: string) {
  return awsClients(sim).scheduler.send(new GetScheduleCommand({ GroupName: group, Name: name }));
}

export async function scheduleNames(sim: Simulator, group: string): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsClients(sim).scheduler.send(new ListSchedulesCommand({ GroupName: group, NextToken }));
    names.push(...(page.Schedules ?? []).map((s) => s.Name!));
    NextToken = page.NextToken;
  } while (NextToken);
  return names.sort();
}

/** Every operation that changes something, across the services the action calls. */
export const MUTATING_ALL = [
  ...MUTATING,
  'scheduler.CreateSchedule',
  'scheduler.UpdateSchedule',
  'scheduler.DeleteSchedule',
  'scheduler.CreateScheduleGroup',
  'scheduler.TagResource',
  'events.PutTargets',
  'events.PutRule',
];

/** Changes the simulator applied (a call refused by throttling and retried by the SDK counts once). */
export const mutatingCalls = (sim: Simulator) =>
  Object.fromEntries(Object.entries(sim.world.appliedCounts()).filter(([key]) => MUTATING_ALL.includes(key)));

/** Runs the sync-schedules bundle for service `service` of the test cluster. */
export function syncSchedules(sim: Simulator, inputs: NonNullable<RunOptions['inputs']>): Promise<ActionRun> {
  return runAction('sync-schedules', { env: env(sim), inputs: { cluster: CLUSTER, ...inputs } });
}
