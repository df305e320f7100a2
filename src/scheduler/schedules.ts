import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type GetScheduleCommandOutput,
  type SchedulerClient,
  type UpdateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';

/** EventBridge Scheduler schedules of one group: read whole, written whole. */

/** Every schedule of a group, each read in full (ListSchedules returns only a summary). */
export async function readGroupSchedules(client: SchedulerClient, group: string): Promise<GetScheduleCommandOutput[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListSchedulesCommand({ GroupName: group, NextToken, MaxResults: 100 }));
    for (const summary of page.Schedules ?? []) if (summary.Name) names.push(summary.Name);
    NextToken = page.NextToken;
  } while (NextToken);
  const schedules: GetScheduleCommandOutput[] = [];
  for (const name of names) schedules.push(await client.send(new GetScheduleCommand({ GroupName: group, Name: name })));
  return schedules;
}

export async function createSchedule(client: SchedulerClient, input: CreateScheduleCommandInput): Promise<void> {
  await client.send(new CreateScheduleCommand(input));
}

/** UpdateSchedule replaces the schedule: `input` must be the complete schedule. */
export async function replaceSchedule(client: SchedulerClient, input: UpdateScheduleCommandInput): Promise<void> {
  await client.send(new UpdateScheduleCommand(input));
}

export async function deleteSchedule(client: SchedulerClient, group: string, name: string): Promise<void> {
  await client.send(new DeleteScheduleCommand({ GroupName: group, Name: name }));
}
