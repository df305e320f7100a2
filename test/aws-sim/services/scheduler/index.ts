import { AwsError, validationError } from '../../errors.js';
import type { RequestContext, ServiceDefinition } from '../../types.js';
import { findGroup, groupKey, scheduleKey, schedulerState, type ScheduleRecord } from './state.js';
import { validateSchedule } from './validate.js';

/**
 * EventBridge Scheduler (REST-JSON). UpdateSchedule replaces the whole schedule: what it omits
 * falls back to the defaults, as the API Reference warns. ListSchedules pages at most a few
 * schedules at a time, so callers must follow NextToken.
 */

/** AWS may return fewer than MaxResults; the simulator always does when there are more than this. */
const PAGE_CAP = 3;

const notFound = (what: string) => new AwsError('ResourceNotFoundException', `${what} does not exist.`);

function groupOrThrow(ctx: RequestContext, name: string | undefined) {
  const group = findGroup(ctx.world, ctx.region, name ?? 'default');
  if (!group) throw notFound(`Schedule group ${name}`);
  return group;
}

/** The stored fields of a schedule: the request as sent, with Scheduler's defaults for what it omits. */
function storedFields(input: Record<string, any>): Record<string, any> {
  const { ClientToken: _token, Name: _name, GroupName: _group, ...fields } = input;
  const target = {
    ...fields.Target,
    RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185, ...fields.Target.RetryPolicy },
  };
  if (target.EcsParameters) target.EcsParameters = { TaskCount: 1, ...target.EcsParameters };
  return { State: 'ENABLED', ActionAfterCompletion: 'NONE', ...fields, Target: target };
}

function describe(record: ScheduleRecord) {
  return {
    Arn: record.arn,
    GroupName: record.group,
    Name: record.name,
    CreationDate: record.creationDate,
    LastModificationDate: record.lastModificationDate,
    ...record.fields,
  };
}

export const scheduler: ServiceDefinition = {
  signingName: 'scheduler',
  protocol: 'rest-json',
  restRoutes: [
    { method: 'POST', path: '/schedules/{Name}', operation: 'CreateSchedule' },
    { method: 'GET', path: '/schedules/{Name}', operation: 'GetSchedule' },
    { method: 'PUT', path: '/schedules/{Name}', operation: 'UpdateSchedule' },
    { method: 'DELETE', path: '/schedules/{Name}', operation: 'DeleteSchedule' },
    { method: 'GET', path: '/schedules', operation: 'ListSchedules' },
    { method: 'POST', path: '/schedule-groups/{Name}', operation: 'CreateScheduleGroup' },
    { method: 'GET', path: '/schedule-groups/{Name}', operation: 'GetScheduleGroup' },
    { method: 'GET', path: '/tags/{ResourceArn}', operation: 'ListTagsForResource' },
    { method: 'POST', path: '/tags/{ResourceArn}', operation: 'TagResource' },
  ],
  handlers: {
    CreateScheduleGroup(input, ctx) {
      const state = schedulerState(ctx.world);
      const name = String(input.Name);
      if (!/^[0-9a-zA-Z._-]{1,64}$/.test(name)) throw validationError(`Invalid schedule group name ${name}.`);
      if (findGroup(ctx.world, ctx.region, name)) throw new AwsError('ConflictException', `Schedule group ${name} already exists.`);
      const arn = `arn:aws:scheduler:${ctx.region}:${ctx.accountId}:schedule-group/${name}`;
      const tags = new Map<string, string>((input.Tags ?? []).map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
      state.groups.set(groupKey(ctx.region, name), { name, arn, region: ctx.region, creationDate: Date.now() / 1000, tags });
      return { ScheduleGroupArn: arn };
    },
    GetScheduleGroup(input, ctx) {
      const group = groupOrThrow(ctx, input.Name);
      return {
        Arn: group.arn,
        Name: group.name,
        State: 'ACTIVE',
        CreationDate: group.creationDate,
        LastModificationDate: group.creationDate,
      };
    },
    ListTagsForResource(input, ctx) {
      const group = [...schedulerState(ctx.world).groups.values()].find((g) => g.arn === input.ResourceArn);
      if (!group) throw notFound(`Resource ${input.ResourceArn}`);
      return { Tags: [...group.tags].map(([Key, Value]) => ({ Key, Value })) };
    },
    TagResource(input, ctx) {
      const group = [...schedulerState(ctx.world).groups.values()].find((g) => g.arn === input.ResourceArn);
      if (!group) throw notFound(`Resource ${input.ResourceArn}`);
      for (const tag of input.Tags ?? []) group.tags.set(tag.Key, tag.Value);
      return {};
    },
    CreateSchedule(input, ctx) {
      validateSchedule(input);
      const group = groupOrThrow(ctx, input.GroupName);
      const key = scheduleKey(ctx.region, group.name, input.Name);
      const state = schedulerState(ctx.world);
      if (state.schedules.has(key)) throw new AwsError('ConflictException', `Schedule ${input.Name} already exists.`);
      const now = Date.now() / 1000;
      const arn = `arn:aws:scheduler:${ctx.region}:${ctx.accountId}:schedule/${group.name}/${input.Name}`;
      state.schedules.set(key, {
        region: ctx.region,
        group: group.name,
        name: input.Name,
        arn,
        creationDate: now,
        lastModificationDate: now,
        fields: storedFields(input),
      });
      return { ScheduleArn: arn };
    },
    GetSchedule(input, ctx) {
      const group = groupOrThrow(ctx, input.groupName);
      const record = schedulerState(ctx.world).schedules.get(scheduleKey(ctx.region, group.name, input.Name));
      if (!record) throw notFound(`Schedule ${input.Name}`);
      return describe(record);
    },
    UpdateSchedule(input, ctx) {
      validateSchedule(input);
      const group = groupOrThrow(ctx, input.GroupName);
      const record = schedulerState(ctx.world).schedules.get(scheduleKey(ctx.region, group.name, input.Name));
      if (!record) throw notFound(`Schedule ${input.Name}`);
      record.fields = storedFields(input); // the whole schedule, replaced
      record.lastModificationDate = Date.now() / 1000;
      return { ScheduleArn: record.arn };
    },
    DeleteSchedule(input, ctx) {
      const group = groupOrThrow(ctx, input.groupName);
      const key = scheduleKey(ctx.region, group.name, input.Name);
      const state = schedulerState(ctx.world);
      if (!state.schedules.has(key)) throw notFound(`Schedule ${input.Name}`);
      state.schedules.delete(key);
      return {};
    },
    ListSchedules(input, ctx) {
      if (input.ScheduleGroup !== undefined) groupOrThrow(ctx, input.ScheduleGroup);
      const max = input.MaxResults === undefined ? 100 : Number(input.MaxResults);
      if (!(max >= 1 && max <= 100)) throw validationError('MaxResults must be between 1 and 100.');
      const all = [...schedulerState(ctx.world).schedules.values()]
        .filter((s) => s.region === ctx.region && (input.ScheduleGroup === undefined || s.group === input.ScheduleGroup))
        .filter((s) => !input.NamePrefix || s.name.startsWith(input.NamePrefix))
        .filter((s) => !input.State || s.fields.State === input.State)
        .sort((a, b) => `${a.group}/${a.name}`.localeCompare(`${b.group}/${b.name}`));
      const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString()) : 0;
      if (!Number.isInteger(start) || start < 0) throw validationError('Invalid NextToken.');
      const size = Math.min(max, PAGE_CAP);
      const page = all.slice(start, start + size);
      return {
        Schedules: page.map((s) => ({
          Arn: s.arn,
          GroupName: s.group,
          Name: s.name,
          State: s.fields.State,
          CreationDate: s.creationDate,
          LastModificationDate: s.lastModificationDate,
          Target: { Arn: s.fields.Target.Arn },
        })),
        ...(start + size < all.length ? { NextToken: Buffer.from(String(start + size)).toString('base64') } : {}),
      };
    },
  },
};
