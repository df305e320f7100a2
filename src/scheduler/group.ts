import {
  CreateScheduleGroupCommand,
  GetScheduleGroupCommand,
  ListTagsForResourceCommand,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { errorName } from '../aws/error-kind.js';
import { ActionFailure } from '../errors.js';

/**
 * The schedule group the toolkit owns for one service: created with its owner tags, and refused
 * when a group of that name exists without them (someone else's schedules live there).
 */

export type GroupState = 'exists' | 'missing';

export class GroupNotOwned extends ActionFailure {}

export async function findOwnedGroup(client: SchedulerClient, name: string, owner: Record<string, string>): Promise<GroupState> {
  let arn: string | undefined;
  try {
    arn = (await client.send(new GetScheduleGroupCommand({ Name: name }))).Arn;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return 'missing';
    throw error;
  }
  const { Tags = [] } = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
  const tags = Object.fromEntries(Tags.map((tag) => [tag.Key, tag.Value]));
  const wrong = Object.entries(owner).find(([key, value]) => tags[key] !== value);
  if (wrong) {
    throw new GroupNotOwned(
      `schedule group "${name}" exists but is not this service's (its tag ${wrong[0]} is ${tags[wrong[0]] === undefined ? 'missing' : `"${tags[wrong[0]]}"`}, expected "${wrong[1]}"): it is left alone; choose another schedule-group`,
    );
  }
  return 'exists';
}

export async function createOwnedGroup(client: SchedulerClient, name: string, owner: Record<string, string>): Promise<void> {
  await client.send(new CreateScheduleGroupCommand({ Name: name, Tags: Object.entries(owner).map(([Key, Value]) => ({ Key, Value })) }));
}
