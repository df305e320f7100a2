import { AwsError, validationError } from '../../errors.js';
import type { RequestContext, ServiceDefinition } from '../../types.js';
import { eventsState, ruleKey, type RuleRecord } from './state.js';

/**
 * EventBridge rules (JSON 1.1): PutRule (for test setup), DescribeRule, ListTargetsByRule (paged)
 * and PutTargets, which replaces each target named by its Id whole.
 */

const PAGE_CAP = 2;
const busName = (bus: unknown) => (typeof bus === 'string' && bus ? bus.slice(bus.lastIndexOf('/') + 1) : 'default');

function ruleOrThrow(ctx: RequestContext, name: string, bus: unknown): RuleRecord {
  const rule = eventsState(ctx.world).rules.get(ruleKey(ctx.region, busName(bus), name));
  if (!rule) throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${busName(bus)}.`);
  return rule;
}

export const events: ServiceDefinition = {
  signingName: 'events',
  protocol: 'json',
  targetPrefix: 'AWSEvents',
  handlers: {
    PutRule(input, ctx) {
      const name = String(input.Name ?? '');
      if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(name)) throw validationError(`Rule name ${name} is not valid.`);
      if (!input.ScheduleExpression && !input.EventPattern)
        throw validationError('Parameter(s) ScheduleExpression or EventPattern must be specified.');
      if (input.ScheduleExpression && !/^(cron|rate)\(.+\)$/.test(input.ScheduleExpression))
        throw validationError('Parameter ScheduleExpression is not valid.');
      const bus = busName(input.EventBusName);
      const key = ruleKey(ctx.region, bus, name);
      const state = eventsState(ctx.world);
      const arn = `arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
      const existing = state.rules.get(key);
      state.rules.set(key, {
        name,
        bus,
        region: ctx.region,
        arn,
        scheduleExpression: input.ScheduleExpression,
        eventPattern: input.EventPattern,
        state: input.State ?? 'ENABLED',
        description: input.Description,
        targets: existing?.targets ?? new Map(),
      });
      return { RuleArn: arn };
    },
    DescribeRule(input, ctx) {
      const rule = ruleOrThrow(ctx, String(input.Name ?? ''), input.EventBusName);
      return {
        Name: rule.name,
        Arn: rule.arn,
        EventBusName: rule.bus,
        State: rule.state,
        ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
        ...(rule.eventPattern ? { EventPattern: rule.eventPattern } : {}),
        ...(rule.description ? { Description: rule.description } : {}),
      };
    },
    ListTargetsByRule(input, ctx) {
      const rule = ruleOrThrow(ctx, String(input.Rule ?? ''), input.EventBusName);
      const all = [...rule.targets.values()];
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const size = Math.min(Number(input.Limit ?? 100), PAGE_CAP);
      return {
        Targets: all.slice(start, start + size),
        ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
      };
    },
    PutTargets(input, ctx) {
      const rule = ruleOrThrow(ctx, String(input.Rule ?? ''), input.EventBusName);
      const targets: Array<Record<string, any>> = input.Targets ?? [];
      if (!targets.length || targets.length > 10) throw validationError('Targets must contain 1 to 10 entries.');
      const FailedEntries = [];
      for (const target of targets) {
        if (!target.Id || !target.Arn) {
          FailedEntries.push({ TargetId: target.Id, ErrorCode: 'ValidationException', ErrorMessage: 'Id and Arn are required.' });
        } else if (target.EcsParameters && !target.RoleArn) {
          FailedEntries.push({
            TargetId: target.Id,
            ErrorCode: 'ValidationException',
            ErrorMessage: 'RoleArn is required for target arn ' + target.Arn + '.',
          });
        } else {
          rule.targets.set(target.Id, target); // replaced whole
        }
      }
      return { FailedEntryCount: FailedEntries.length, FailedEntries };
    },
  },
};
