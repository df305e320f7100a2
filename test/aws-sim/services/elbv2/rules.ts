import { AwsError } from '../../errors.js';
import type { Handler, RequestContext } from '../../types.js';
import type { World } from '../../world.js';
import { checkActions, describeAction } from './actions.js';
import { checkRange, intOf, listOf, page, required, validation } from './input.js';
import { KEEP_VERSIONS_MS } from './listeners.js';
import { requireListener, requireRule, ruleNotFound, visible } from './resources.js';
import { appliedActions, elbState, hex16, pushActions, type RuleRecord } from './state.js';
import { checkTags } from './tags.js';

/** CreateRule, DescribeRules, ModifyRule, DeleteRule, SetRulePriorities. */

/** Rules per Application Load Balancer, not counting default rules (quota). */
export const MAX_RULES_PER_LOAD_BALANCER = 100;
/** Condition values per rule, and condition wildcards per rule (quotas). */
export const MAX_CONDITION_VALUES = 5;
export const MAX_CONDITION_WILDCARDS = 5;

const FIELDS: Record<string, string> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'query-string': 'QueryStringConfig',
  'source-ip': 'SourceIpConfig',
};
/** Fields a rule may have at most once (http-header and query-string may repeat). */
const ONCE = ['host-header', 'path-pattern', 'http-request-method', 'source-ip'];

/** Checks conditions and answers them as DescribeRules does (Values and the field's config both, where AWS shows both). */
function checkConditions(given: unknown): Array<Record<string, any>> {
  const conditions = listOf<Record<string, any>>(given);
  if (!conditions.length) throw validation('A rule must have at least one condition');
  let values = 0;
  let wildcards = 0;
  const seen: string[] = [];
  const checked = conditions.map((c, i) => {
    const field = required(c.Field, `conditions.${i + 1}.member.field`);
    const configKey = FIELDS[field];
    if (!configKey) throw validation(`Condition field '${field}' is not supported`);
    if (ONCE.includes(field) && seen.includes(field)) throw validation(`A rule can only have one '${field}' condition`);
    seen.push(field);
    const config = c[configKey] ?? {};
    const legacy = listOf<string>(c.Values);
    let list: unknown[];
    let out: Record<string, any>;
    if (field === 'query-string') {
      list = listOf(config.Values);
      out = { Field: field, QueryStringConfig: { Values: list } };
    } else if (field === 'http-header') {
      list = listOf(config.Values);
      if (!config.HttpHeaderName) throw validation('An HTTP header name must be specified for http-header conditions');
      out = { Field: field, HttpHeaderConfig: { HttpHeaderName: config.HttpHeaderName, Values: list } };
    } else {
      const fromConfig = listOf<string>(config.Values);
      if (legacy.length && fromConfig.length) throw validation(`You cannot specify both 'Values' and '${configKey}' for a condition`);
      list = legacy.length ? legacy : fromConfig;
      const showsValues = field === 'host-header' || field === 'path-pattern';
      out = { Field: field, ...(showsValues ? { Values: list } : {}), [configKey]: { Values: list } };
    }
    if (!list.length) throw validation(`A condition of field '${field}' must have at least one value`);
    values += list.length;
    wildcards += list.filter((v) => /[*?]/.test(typeof v === 'string' ? v : JSON.stringify(v))).length;
    return out;
  });
  if (values > MAX_CONDITION_VALUES) throw validation(`A rule can only have '${MAX_CONDITION_VALUES}' condition values`);
  if (wildcards > MAX_CONDITION_WILDCARDS) throw validation(`A rule can only have '${MAX_CONDITION_WILDCARDS}' wildcards`);
  return checked;
}

function checkPriority(value: unknown, member = 'priority'): number {
  const priority = intOf(value, member);
  if (priority === undefined) required(undefined, member);
  checkRange(priority, member, 1, 50000);
  return priority!;
}

const priorityInUse = (priority: number) => new AwsError('PriorityInUse', `Priority '${priority}' is currently in use`);

/** The rules of a listener in DescribeRules order: by priority, the default rule last. */
export function rulesOf(world: World, listenerArn: string): RuleRecord[] {
  const rules = [...elbState(world).rules.values()].filter((r) => r.listenerArn === listenerArn);
  const rank = (r: RuleRecord) => (r.priority === 'default' ? Infinity : r.priority);
  return rules.sort((a, b) => rank(a) - rank(b));
}

export function describeRule(
  rule: RuleRecord,
  ctx: Pick<RequestContext, 'modes'>,
  actions = appliedActions(rule.actions, ctx.modes.weightApplyMs),
) {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: rule.conditions,
    Actions: actions.map(describeAction),
    IsDefault: rule.priority === 'default',
  };
}

function loadBalancerOfListener(world: World, listenerArn: string): string {
  return requireListener(world, listenerArn).loadBalancerArn;
}

export const ruleHandlers: Record<string, Handler> = {
  CreateRule(input, ctx) {
    const state = elbState(ctx.world);
    const listener = requireListener(ctx.world, required(input.ListenerArn, 'listenerArn'));
    const priority = checkPriority(input.Priority);
    const conditions = checkConditions(input.Conditions);
    const actions = checkActions(input.Actions, { world: ctx.world, loadBalancerArn: listener.loadBalancerArn, creating: true });
    const tags = checkTags(input.Tags);
    if (rulesOf(ctx.world, listener.arn).some((r) => r.priority === priority)) throw priorityInUse(priority);
    const onLoadBalancer = [...state.rules.values()].filter(
      (r) => r.priority !== 'default' && loadBalancerOfListener(ctx.world, r.listenerArn) === listener.loadBalancerArn,
    );
    if (onLoadBalancer.length >= MAX_RULES_PER_LOAD_BALANCER) {
      throw new AwsError(
        'TooManyRules',
        `You've reached the limit on the number of rules per load balancer (${MAX_RULES_PER_LOAD_BALANCER})`,
      );
    }
    const rule: RuleRecord = {
      arn: `${listener.arn.replace(':listener/', ':listener-rule/')}/${hex16()}`,
      listenerArn: listener.arn,
      region: listener.region,
      priority,
      conditions,
      actions: [{ actions, at: 0 }],
      tags,
      createdAt: Date.now(),
    };
    state.rules.set(rule.arn, rule);
    state.createdAt.set(rule.arn, Date.now());
    return { Rules: [describeRule(rule, ctx)] };
  },

  DescribeRules(input, ctx) {
    const arns = listOf<string>(input.RuleArns);
    if (arns.length && input.ListenerArn) throw validation('Rule ARNs and a listener ARN cannot be specified at the same time');
    if (!arns.length && !input.ListenerArn) throw validation('You must specify either listener ARN or rule ARNs');
    let found: RuleRecord[];
    if (arns.length) {
      found = arns.map((arn) => requireRule(ctx.world, arn));
      if (found.some((r) => !visible(ctx.world, r.arn, ctx.modes))) throw ruleNotFound();
    } else {
      const listener = requireListener(ctx.world, input.ListenerArn);
      found = rulesOf(ctx.world, listener.arn).filter((r) => visible(ctx.world, r.arn, ctx.modes));
    }
    const { items, NextMarker } = page(found, input);
    return { Rules: items.map((r) => describeRule(r, ctx)), NextMarker };
  },

  ModifyRule(input, ctx) {
    const rule = requireRule(ctx.world, required(input.RuleArn, 'ruleArn'));
    const loadBalancerArn = loadBalancerOfListener(ctx.world, rule.listenerArn);
    if (rule.priority === 'default' && input.Conditions !== undefined) {
      throw new AwsError('OperationNotPermitted', `Conditions of the default rule '${rule.arn}' cannot be modified`);
    }
    // Everything is checked before anything changes; given actions replace the whole list.
    const conditions = input.Conditions === undefined ? undefined : checkConditions(input.Conditions);
    const owner = rule.priority === 'default' ? rule.listenerArn : rule.arn;
    const actions =
      input.Actions === undefined
        ? undefined
        : checkActions(input.Actions, {
            world: ctx.world,
            loadBalancerArn,
            creating: false,
            owner,
            previous: rule.actions.at(-1)!.actions,
          });
    if (conditions) rule.conditions = conditions;
    if (actions) pushActions(rule.actions, actions, KEEP_VERSIONS_MS);
    // The answer shows the rule as modified; reads catch up after weightApplyMs.
    return { Rules: [describeRule(rule, ctx, rule.actions.at(-1)!.actions)] };
  },

  DeleteRule(input, ctx) {
    const rule = requireRule(ctx.world, required(input.RuleArn, 'ruleArn'));
    if (rule.priority === 'default') throw new AwsError('OperationNotPermitted', `Default rule '${rule.arn}' cannot be deleted`);
    elbState(ctx.world).rules.delete(rule.arn);
    return {};
  },

  SetRulePriorities(input, ctx) {
    const given = listOf<Record<string, unknown>>(input.RulePriorities);
    if (!given.length) required(undefined, 'rulePriorities');
    // Atomic: every change is checked against the rules as they will be before any is made.
    const changes = given.map((p, i) => {
      const rule = requireRule(ctx.world, required(p.RuleArn, `rulePriorities.${i + 1}.member.ruleArn`));
      if (rule.priority === 'default')
        throw new AwsError('OperationNotPermitted', `The priority of the default rule '${rule.arn}' cannot be changed`);
      return { rule, priority: checkPriority(p.Priority, `rulePriorities.${i + 1}.member.priority`) };
    });
    const moved = new Set(changes.map((c) => c.rule.arn));
    if (moved.size !== changes.length) throw validation('A rule can be specified only once');
    for (const change of changes) {
      const clash =
        changes.some((c) => c !== change && c.priority === change.priority && c.rule.listenerArn === change.rule.listenerArn) ||
        rulesOf(ctx.world, change.rule.listenerArn).some((r) => !moved.has(r.arn) && r.priority === change.priority);
      if (clash) throw priorityInUse(change.priority);
    }
    for (const { rule, priority } of changes) rule.priority = priority;
    return { Rules: changes.map(({ rule }) => describeRule(rule, ctx)) };
  },
};
