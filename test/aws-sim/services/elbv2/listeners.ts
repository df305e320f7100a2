import { AwsError } from '../../errors.js';
import type { Handler, RequestContext } from '../../types.js';
import { checkActions, describeAction } from './actions.js';
import { checkRange, intOf, listOf, page, required, validation } from './input.js';
import { listenerNotFound, requireListener, requireLoadBalancer, visible } from './resources.js';
import { appliedActions, elbState, hex16, pushActions, type ListenerRecord, type RuleRecord } from './state.js';
import { checkTags } from './tags.js';

/** CreateListener, DescribeListeners, ModifyListener, DeleteListener (each listener has a default rule). */

/** Listeners per Application Load Balancer (quota). */
const MAX_LISTENERS = 50;
/** How long superseded action lists are kept for readers that lag (longer than any weightApplyMs). */
export const KEEP_VERSIONS_MS = 60_000;

function checkProtocol(input: Record<string, any>): { protocol: string; port: number } {
  const protocol = required(input.Protocol, 'protocol');
  if (!['HTTP', 'HTTPS'].includes(protocol)) {
    throw new AwsError('UnsupportedProtocol', `Protocol '${protocol}' is not supported by application load balancers`);
  }
  const port = intOf(input.Port, 'port');
  if (port === undefined) required(undefined, 'port');
  checkRange(port, 'port', 1, 65535);
  if (protocol === 'HTTPS' && !listOf(input.Certificates).length) throw validation('A certificate must be specified for HTTPS listeners');
  return { protocol, port: port! };
}

export function describeListener(listener: ListenerRecord, ctx: Pick<RequestContext, 'modes'>) {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    Certificates: listener.certificates,
    SslPolicy: listener.sslPolicy,
    DefaultActions: appliedActions(listener.defaultActions, ctx.modes.weightApplyMs).map(describeAction),
  };
}

/** Deletes a listener and its rules. */
export function deleteListener(ctx: Pick<RequestContext, 'world'>, arn: string): void {
  const state = elbState(ctx.world);
  for (const rule of [...state.rules.values()].filter((r) => r.listenerArn === arn)) state.rules.delete(rule.arn);
  state.listeners.delete(arn);
}

export const listenerHandlers: Record<string, Handler> = {
  CreateListener(input, ctx) {
    const state = elbState(ctx.world);
    const lb = requireLoadBalancer(ctx.world, required(input.LoadBalancerArn, 'loadBalancerArn'));
    const { protocol, port } = checkProtocol(input);
    const siblings = [...state.listeners.values()].filter((l) => l.loadBalancerArn === lb.arn);
    const actions = checkActions(input.DefaultActions, { world: ctx.world, loadBalancerArn: lb.arn, creating: true });
    const tags = checkTags(input.Tags);
    const onPort = siblings.find((l) => l.port === port);
    if (onPort) {
      // "If you attempt to create multiple listeners with the same settings, each call succeeds."
      const same = onPort.protocol === protocol && JSON.stringify(onPort.defaultActions.at(-1)!.actions) === JSON.stringify(actions);
      if (!same) throw new AwsError('DuplicateListener', 'A listener already exists on this port for this load balancer');
      return { Listeners: [describeListener(onPort, ctx)] };
    }
    if (siblings.length >= MAX_LISTENERS) {
      throw new AwsError('TooManyListeners', `You've reached the limit on the number of listeners per load balancer (${MAX_LISTENERS})`);
    }
    const lbPath = lb.arn.split(':loadbalancer/')[1];
    const listener: ListenerRecord = {
      arn: `${lb.arn.split(':loadbalancer/')[0]}:listener/${lbPath}/${hex16()}`,
      loadBalancerArn: lb.arn,
      region: lb.region,
      port,
      protocol,
      sslPolicy: protocol === 'HTTPS' ? (input.SslPolicy ?? 'ELBSecurityPolicy-2016-08') : undefined,
      certificates: protocol === 'HTTPS' ? listOf(input.Certificates) : undefined,
      defaultActions: [{ actions, at: 0 }],
      tags,
    };
    const defaultRule: RuleRecord = {
      arn: `${listener.arn.replace(':listener/', ':listener-rule/')}/${hex16()}`,
      listenerArn: listener.arn,
      region: lb.region,
      priority: 'default',
      conditions: [],
      // The default rule shares the listener's action versions: ModifyListener and ModifyRule on it agree.
      actions: listener.defaultActions,
      tags: [],
      createdAt: Date.now(),
    };
    state.listeners.set(listener.arn, listener);
    state.rules.set(defaultRule.arn, defaultRule);
    state.createdAt.set(listener.arn, Date.now());
    return { Listeners: [describeListener(listener, ctx)] };
  },

  DescribeListeners(input, ctx) {
    const state = elbState(ctx.world);
    const arns = listOf<string>(input.ListenerArns);
    if (arns.length && input.LoadBalancerArn)
      throw validation('Listener ARNs and a load balancer ARN cannot be specified at the same time');
    if (!arns.length && !input.LoadBalancerArn) throw validation('You must specify either listener ARNs or a load balancer ARN');
    let found: ListenerRecord[];
    if (arns.length) {
      found = arns.map((arn) => requireListener(ctx.world, arn));
      if (found.some((l) => !visible(ctx.world, l.arn, ctx.modes))) throw listenerNotFound();
    } else {
      const lb = requireLoadBalancer(ctx.world, input.LoadBalancerArn);
      found = [...state.listeners.values()].filter((l) => l.loadBalancerArn === lb.arn && visible(ctx.world, l.arn, ctx.modes));
    }
    const { items, NextMarker } = page(found, input);
    return { Listeners: items.map((l) => describeListener(l, ctx)), NextMarker };
  },

  ModifyListener(input, ctx) {
    const state = elbState(ctx.world);
    const listener = requireListener(ctx.world, required(input.ListenerArn, 'listenerArn'));
    const protocol = input.Protocol ?? listener.protocol;
    const port = intOf(input.Port, 'port') ?? listener.port;
    checkRange(port, 'port', 1, 65535);
    if (!['HTTP', 'HTTPS'].includes(protocol)) {
      throw new AwsError('UnsupportedProtocol', `Protocol '${protocol}' is not supported by application load balancers`);
    }
    const clash = [...state.listeners.values()].find(
      (l) => l.loadBalancerArn === listener.loadBalancerArn && l.port === port && l !== listener,
    );
    if (clash) throw new AwsError('DuplicateListener', 'A listener already exists on this port for this load balancer');
    const certificates = input.Certificates !== undefined ? listOf(input.Certificates) : listener.certificates;
    if (protocol === 'HTTPS' && !certificates?.length) throw validation('A certificate must be specified for HTTPS listeners');
    // Actions replace the whole list; checked before anything changes.
    const actions =
      input.DefaultActions === undefined
        ? undefined
        : checkActions(input.DefaultActions, {
            world: ctx.world,
            loadBalancerArn: listener.loadBalancerArn,
            creating: false,
            owner: listener.arn,
            previous: listener.defaultActions.at(-1)!.actions,
          });
    listener.protocol = protocol;
    listener.port = port;
    listener.certificates = protocol === 'HTTPS' ? certificates : undefined;
    listener.sslPolicy = protocol === 'HTTPS' ? (input.SslPolicy ?? listener.sslPolicy ?? 'ELBSecurityPolicy-2016-08') : undefined;
    if (actions) pushActions(listener.defaultActions, actions, KEEP_VERSIONS_MS);
    // The answer shows the listener as modified; reads catch up after weightApplyMs.
    return {
      Listeners: [{ ...describeListener(listener, ctx), DefaultActions: listener.defaultActions.at(-1)!.actions.map(describeAction) }],
    };
  },

  DeleteListener(input, ctx) {
    const listener = requireListener(ctx.world, required(input.ListenerArn, 'listenerArn'));
    deleteListener(ctx, listener.arn);
    return {};
  },
};
