import { AwsError } from '../../errors.js';
import { queryMap } from '../../protocols/query.js';
import type { World } from '../../world.js';
import { boolOf, checkRange, intOf, listOf, required, validation } from './input.js';
import { forwardedGroups, loadBalancersOf, requireTargetGroup } from './resources.js';
import { elbState, latestActions, type Action } from './state.js';

/**
 * Listener and rule actions (API_Action): checked as ELBv2 checks them, stored in a canonical form
 * (what DescribeRules answers), secrets kept but never described.
 */

const TYPES = ['forward', 'authenticate-oidc', 'authenticate-cognito', 'redirect', 'fixed-response'];
const TERMINAL = ['forward', 'redirect', 'fixed-response'];
/** Target Groups per Action per Application Load Balancer (quota, not adjustable). */
export const MAX_GROUPS_PER_ACTION = 5;
/** Target Groups per Application Load Balancer (quota, not adjustable). */
export const MAX_GROUPS_PER_LOAD_BALANCER = 100;

export interface ActionContext {
  world: World;
  loadBalancerArn: string;
  /** The actions being replaced (ModifyRule/ModifyListener): where UseExistingClientSecret finds the secret. */
  previous?: Action[];
  /** The listener (default actions) or rule whose actions these replace; unset for a new one. */
  owner?: string;
  /** Create*: a client secret must be given; Modify*: it may be kept with UseExistingClientSecret. */
  creating: boolean;
}

/** Checks and normalises a whole action list (it replaces the previous one entirely). */
export function checkActions(given: unknown, ctx: ActionContext): Action[] {
  const actions = listOf<Record<string, any>>(given);
  if (!actions.length)
    throw validation("1 validation error detected: Value null at 'actions' failed to satisfy constraint: Member must not be null");
  const normalised = actions.map((action, i) => checkAction(action, i, ctx));
  if (normalised.length > 1 && normalised.some((a) => a.Order === undefined)) {
    throw validation('The action order must be specified when there are multiple actions');
  }
  const orders = normalised.map((a) => a.Order).filter((o) => o !== undefined);
  if (new Set(orders).size !== orders.length) throw validation('The action orders must be unique');
  const sorted = [...normalised].sort((a, b) => (a.Order ?? 1) - (b.Order ?? 1));
  const terminal = sorted.filter((a) => TERMINAL.includes(a.Type));
  if (terminal.length !== 1 || !TERMINAL.includes(sorted[sorted.length - 1].Type)) {
    throw new AwsError(
      'InvalidLoadBalancerAction',
      'The last action must be one of the following types: forward, redirect, fixed-response',
    );
  }
  if (normalised.length === 1 && normalised[0].Order === undefined) normalised[0].Order = 1;
  checkGroupLimits(ctx, sorted);
  return sorted;
}

function checkAction(action: Record<string, any>, index: number, ctx: ActionContext): Action {
  const member = `actions.${index + 1}.member`;
  const type = required(action.Type, `${member}.type`);
  if (!TYPES.includes(type)) {
    throw validation(
      `1 validation error detected: Value '${type}' at '${member}.type' failed to satisfy constraint: Member must satisfy enum value set: [${TYPES.join(', ')}]`,
    );
  }
  const order = intOf(action.Order, `${member}.order`);
  checkRange(order, `${member}.order`, 1, 50000);
  const base: Action = { Type: type, ...(order !== undefined ? { Order: order } : {}) };
  switch (type) {
    case 'forward':
      return { ...base, ...checkForward(action, ctx) };
    case 'authenticate-oidc':
      return { ...base, AuthenticateOidcConfig: checkOidc(action.AuthenticateOidcConfig, ctx) };
    case 'authenticate-cognito':
      for (const key of ['UserPoolArn', 'UserPoolClientId', 'UserPoolDomain'])
        required(action.AuthenticateCognitoConfig?.[key], `${member}.authenticateCognitoConfig.${key}`);
      return { ...base, AuthenticateCognitoConfig: action.AuthenticateCognitoConfig };
    case 'redirect':
      if (!action.RedirectConfig) throw validation('A redirect configuration must be specified for redirect actions');
      if (!['HTTP_301', 'HTTP_302'].includes(action.RedirectConfig.StatusCode)) {
        throw validation(
          `1 validation error detected: Value '${action.RedirectConfig.StatusCode ?? null}' at '${member}.redirectConfig.statusCode' failed to satisfy constraint: Member must satisfy enum value set: [HTTP_301, HTTP_302]`,
        );
      }
      return { ...base, RedirectConfig: action.RedirectConfig };
    default: {
      const config = action.FixedResponseConfig;
      if (!config) throw validation('A fixed response configuration must be specified for fixed-response actions');
      if (!/^(2|4|5)\d\d$/.test(String(config.StatusCode ?? ''))) {
        throw validation(
          `1 validation error detected: Value '${config.StatusCode ?? null}' at '${member}.fixedResponseConfig.statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(2|4|5)\\d\\d$`,
        );
      }
      return { ...base, FixedResponseConfig: config };
    }
  }
}

/**
 * A forward names its groups with TargetGroupArn, ForwardConfig.TargetGroups, or both (then one
 * group, the same). Stored as DescribeRules shows it: ForwardConfig always, TargetGroupArn too when
 * there is one group.
 */
function checkForward(action: Record<string, any>, ctx: ActionContext): Record<string, any> {
  const single = action.TargetGroupArn ? String(action.TargetGroupArn) : undefined;
  const tuples = listOf<Record<string, any>>(action.ForwardConfig?.TargetGroups);
  if (!single && !tuples.length) throw validation('A target group ARN must be specified');
  if (single && tuples.length && (tuples.length !== 1 || tuples[0].TargetGroupArn !== single)) {
    throw validation('You cannot specify both a target group ARN and a forward config with a different target group');
  }
  if (tuples.length > MAX_GROUPS_PER_ACTION) {
    throw validation(`You cannot specify more than ${MAX_GROUPS_PER_ACTION} target groups in a forward action`);
  }
  const groups = tuples.length
    ? tuples.map((t, i) => {
        const arn = required(t.TargetGroupArn, `forwardConfig.targetGroups.${i + 1}.member.targetGroupArn`);
        const weight = intOf(t.Weight, `forwardConfig.targetGroups.${i + 1}.member.weight`) ?? 1;
        // The text ELBv2 answers (seen in CloudTrail).
        if (weight < 0 || weight > 999) throw validation('The weight for each target group must be between 0 and 999, inclusive');
        return { TargetGroupArn: arn, Weight: weight };
      })
    : [{ TargetGroupArn: single!, Weight: 1 }];
  const arns = groups.map((g) => g.TargetGroupArn);
  if (new Set(arns).size !== arns.length) throw validation('A target group can be specified only once in a forward action');
  for (const arn of arns) {
    const tg = requireTargetGroup(ctx.world, arn);
    const elsewhere = loadBalancersOf(ctx.world, tg.arn).filter((lb) => lb !== ctx.loadBalancerArn);
    if (elsewhere.length) {
      throw new AwsError(
        'TargetGroupAssociationLimit',
        `The following target groups cannot be associated with more than one load balancer: ${tg.arn}`,
      );
    }
  }
  const stickiness = action.ForwardConfig?.TargetGroupStickinessConfig;
  const enabled = boolOf(stickiness?.Enabled) ?? false;
  const duration = intOf(stickiness?.DurationSeconds, 'forwardConfig.targetGroupStickinessConfig.durationSeconds');
  checkRange(duration, 'forwardConfig.targetGroupStickinessConfig.durationSeconds', 1, 604800);
  if (enabled && duration === undefined) throw validation('You must specify a duration when target group stickiness is enabled');
  return {
    ...(groups.length === 1 ? { TargetGroupArn: groups[0].TargetGroupArn } : {}),
    ForwardConfig: {
      TargetGroups: groups,
      TargetGroupStickinessConfig: { Enabled: enabled, ...(duration !== undefined ? { DurationSeconds: duration } : {}) },
    },
  };
}

const OIDC_REQUIRED = ['Issuer', 'AuthorizationEndpoint', 'TokenEndpoint', 'UserInfoEndpoint', 'ClientId'];

/** ClientSecret: required on create; on modify it may be left out with UseExistingClientSecret true (the secret kept). */
function checkOidc(config: Record<string, any> | undefined, ctx: ActionContext): Record<string, any> {
  if (!config) throw validation('An OIDC authentication configuration must be specified for authenticate-oidc actions');
  for (const key of OIDC_REQUIRED) required(config[key], `authenticateOidcConfig.${key[0].toLowerCase()}${key.slice(1)}`);
  const { UseExistingClientSecret, ClientSecret, ...rest } = config;
  const useExisting = boolOf(UseExistingClientSecret) === true;
  if (ClientSecret !== undefined && ClientSecret !== '') return { ...rest, ClientSecret: String(ClientSecret) };
  if (ctx.creating || !useExisting) throw validation('You must specify a client secret for an authenticate-oidc action');
  const existing = ctx.previous?.find((a) => a.Type === 'authenticate-oidc')?.AuthenticateOidcConfig?.ClientSecret;
  if (!existing) throw validation('There is no existing client secret to use for this authenticate-oidc action');
  return { ...rest, ClientSecret: existing };
}

/** Unique target groups across all listeners and rules of the load balancer, after this change: at most 100. */
function checkGroupLimits(ctx: ActionContext, actions: Action[]): void {
  const state = elbState(ctx.world);
  const groups = new Set(forwardedGroups(actions));
  for (const listener of state.listeners.values()) {
    if (listener.loadBalancerArn !== ctx.loadBalancerArn) continue;
    if (listener.arn !== ctx.owner) for (const arn of forwardedGroups(latestActions(listener.defaultActions))) groups.add(arn);
    for (const rule of state.rules.values()) {
      if (rule.listenerArn !== listener.arn || rule.priority === 'default' || rule.arn === ctx.owner) continue;
      for (const arn of forwardedGroups(latestActions(rule.actions))) groups.add(arn);
    }
  }
  if (groups.size > MAX_GROUPS_PER_LOAD_BALANCER) {
    throw new AwsError(
      'TooManyUniqueTargetGroupsPerLoadBalancer',
      `You have reached the limit on the number of unique target groups per load balancer across all listeners: ${MAX_GROUPS_PER_LOAD_BALANCER}`,
    );
  }
}

/**
 * An action as Describe* answers it: the OIDC client secret is never returned; the extra params are
 * a map in the model, written as one (protocols/query.ts).
 */
export function describeAction(action: Action): Record<string, any> {
  if (action.Type === 'authenticate-cognito') {
    return { ...action, AuthenticateCognitoConfig: withExtraParamsMap(action.AuthenticateCognitoConfig) };
  }
  if (action.Type !== 'authenticate-oidc') return action;
  const { ClientSecret: _secret, ...config } = action.AuthenticateOidcConfig;
  return { ...action, AuthenticateOidcConfig: withExtraParamsMap(config) };
}

function withExtraParamsMap(config: Record<string, any>): Record<string, any> {
  const params = config.AuthenticationRequestExtraParams;
  return params ? { ...config, AuthenticationRequestExtraParams: queryMap(params) } : config;
}
