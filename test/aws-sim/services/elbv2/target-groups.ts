import { AwsError } from '../../errors.js';
import type { Handler } from '../../types.js';
import { boolOf, checkRange, intOf, listOf, page, required, validation } from './input.js';
import { checkName } from './load-balancers.js';
import { loadBalancersOf, requireLoadBalancer, requireTargetGroup, tgNotFound, visible } from './resources.js';
import { arnPrefix, elbState, hex16, type TargetGroupRecord } from './state.js';
import { checkTags } from './tags.js';

/** CreateTargetGroup, DescribeTargetGroups, DeleteTargetGroup, Modify/DescribeTargetGroupAttributes. */

/** Target Groups per Region (quota, shared by ALBs and NLBs). */
const MAX_TARGET_GROUPS = 3000;
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];

/** The attributes of an application load balancer's target group and their defaults (API_TargetGroupAttribute). */
const DEFAULT_ATTRIBUTES: Record<string, string> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
  'stickiness.app_cookie.cookie_name': '',
  'stickiness.app_cookie.duration_seconds': '86400',
  'load_balancing.algorithm.type': 'round_robin',
  'load_balancing.algorithm.anomaly_mitigation': 'off',
  'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  'slow_start.duration_seconds': '0',
};

function checkAttribute(key: string, value: string): void {
  const bad = (expected: string) => validation(`Target group attribute '${key}' value '${value}' is not valid: ${expected}`);
  const integer = (min: number, max: number) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw bad(`must be an integer from ${min} to ${max}`);
  };
  switch (key) {
    case 'deregistration_delay.timeout_seconds':
      return integer(0, 3600);
    case 'stickiness.enabled':
      if (!['true', 'false'].includes(value)) throw bad("must be 'true' or 'false'");
      return;
    case 'stickiness.type':
      if (!['lb_cookie', 'app_cookie'].includes(value)) throw bad("must be 'lb_cookie' or 'app_cookie'");
      return;
    case 'stickiness.lb_cookie.duration_seconds':
    case 'stickiness.app_cookie.duration_seconds':
      return integer(1, 604800);
    case 'slow_start.duration_seconds':
      if (!/^\d+$/.test(value) || (Number(value) !== 0 && (Number(value) < 30 || Number(value) > 900)))
        throw bad('must be 0 or from 30 to 900');
      return;
    case 'load_balancing.algorithm.type':
      if (!['round_robin', 'least_outstanding_requests', 'weighted_random'].includes(value))
        throw bad('must be round_robin, least_outstanding_requests or weighted_random');
      return;
    default:
      if (!(key in DEFAULT_ATTRIBUTES)) throw validation(`Target group attribute key '${key}' is not recognized`);
  }
}

const attributesOf = (tg: TargetGroupRecord) => [...tg.attributes].map(([Key, Value]) => ({ Key, Value }));

export function describeTargetGroup(world: Parameters<typeof loadBalancersOf>[0], tg: TargetGroupRecord) {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    ...tg.healthCheck,
    LoadBalancerArns: loadBalancersOf(world, tg.arn),
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: 'ipv4',
  };
}

/** The settings a second CreateTargetGroup must repeat to be answered with the existing group. */
const settingsOf = (tg: Pick<TargetGroupRecord, 'protocol' | 'port' | 'vpcId' | 'targetType' | 'healthCheck'>) =>
  JSON.stringify([tg.protocol, tg.port, tg.vpcId, tg.targetType, tg.healthCheck]);

export const targetGroupHandlers: Record<string, Handler> = {
  CreateTargetGroup(input, ctx) {
    const state = elbState(ctx.world);
    const name = required(input.Name, 'name');
    checkName('Target group', name);
    const targetType = input.TargetType ?? 'instance';
    if (!['ip', 'instance'].includes(targetType))
      throw validation(`The simulator supports target types ip and instance, not '${targetType}'`);
    const protocol = required(input.Protocol, 'protocol');
    if (!PROTOCOLS.includes(protocol)) {
      throw validation(
        `1 validation error detected: Value '${protocol}' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: [${PROTOCOLS.join(', ')}]`,
      );
    }
    const port = intOf(input.Port, 'port');
    if (port === undefined) throw validation('A port must be specified');
    checkRange(port, 'port', 1, 65535);
    const vpcId = input.VpcId;
    if (!vpcId) throw validation('A VPC ID must be specified');
    const interval = intOf(input.HealthCheckIntervalSeconds, 'healthCheckIntervalSeconds') ?? 30;
    checkRange(interval, 'healthCheckIntervalSeconds', 5, 300);
    const timeout = intOf(input.HealthCheckTimeoutSeconds, 'healthCheckTimeoutSeconds') ?? 5;
    checkRange(timeout, 'healthCheckTimeoutSeconds', 2, 120);
    if (timeout >= interval) throw validation('Health check interval must be greater than the timeout.');
    const healthy = intOf(input.HealthyThresholdCount, 'healthyThresholdCount') ?? 5;
    checkRange(healthy, 'healthyThresholdCount', 2, 10);
    const unhealthy = intOf(input.UnhealthyThresholdCount, 'unhealthyThresholdCount') ?? 2;
    checkRange(unhealthy, 'unhealthyThresholdCount', 2, 10);
    const healthCheck = {
      HealthCheckProtocol: input.HealthCheckProtocol ?? (protocol === 'HTTPS' ? 'HTTPS' : 'HTTP'),
      HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
      HealthCheckEnabled: boolOf(input.HealthCheckEnabled) ?? true,
      HealthCheckIntervalSeconds: interval,
      HealthCheckTimeoutSeconds: timeout,
      HealthyThresholdCount: healthy,
      UnhealthyThresholdCount: unhealthy,
      HealthCheckPath: input.HealthCheckPath ?? '/',
      Matcher: { HttpCode: input.Matcher?.HttpCode ?? '200' },
    };
    const draft = { protocol, port, vpcId, targetType, healthCheck };
    const existing = [...state.targetGroups.values()].find((tg) => tg.name === name && tg.region === ctx.region);
    if (existing) {
      // "If you attempt to create multiple target groups with the same settings, each call succeeds."
      if (settingsOf(existing) !== settingsOf(draft)) {
        throw new AwsError('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`);
      }
      return { TargetGroups: [describeTargetGroup(ctx.world, existing)] };
    }
    if ([...state.targetGroups.values()].filter((tg) => tg.region === ctx.region).length >= MAX_TARGET_GROUPS) {
      throw new AwsError('TooManyTargetGroups', 'You have reached the limit on the number of target groups for your AWS account');
    }
    const tg: TargetGroupRecord = {
      arn: `${arnPrefix(ctx.region, ctx.accountId)}:targetgroup/${name}/${hex16()}`,
      name,
      region: ctx.region,
      ...draft,
      protocolVersion: ['HTTP', 'HTTPS'].includes(protocol) ? (input.ProtocolVersion ?? 'HTTP1') : undefined,
      attributes: new Map(Object.entries(DEFAULT_ATTRIBUTES)),
      tags: checkTags(input.Tags),
      targets: new Map(),
      createdAt: Date.now(),
    };
    state.targetGroups.set(tg.arn, tg);
    state.createdAt.set(tg.arn, Date.now());
    return { TargetGroups: [describeTargetGroup(ctx.world, tg)] };
  },

  DescribeTargetGroups(input, ctx) {
    const state = elbState(ctx.world);
    const arns = listOf<string>(input.TargetGroupArns);
    const names = listOf<string>(input.Names);
    if ([arns.length > 0, names.length > 0, Boolean(input.LoadBalancerArn)].filter(Boolean).length > 1) {
      throw validation('Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time');
    }
    const all = [...state.targetGroups.values()].filter((tg) => tg.region === ctx.region && visible(ctx.world, tg.arn, ctx.modes));
    let found = all;
    if (arns.length) {
      found = arns.map((arn) => all.find((tg) => tg.arn === arn)).filter((tg): tg is TargetGroupRecord => Boolean(tg));
      if (found.length !== arns.length) throw tgNotFound();
    } else if (names.length) {
      found = names.map((n) => all.find((tg) => tg.name === n)).filter((tg): tg is TargetGroupRecord => Boolean(tg));
      if (found.length !== names.length) throw tgNotFound();
    } else if (input.LoadBalancerArn) {
      requireLoadBalancer(ctx.world, input.LoadBalancerArn);
      found = all.filter((tg) => loadBalancersOf(ctx.world, tg.arn).includes(input.LoadBalancerArn));
    }
    const { items, NextMarker } = page(found, input);
    return { TargetGroups: items.map((tg) => describeTargetGroup(ctx.world, tg)), NextMarker };
  },

  DeleteTargetGroup(input, ctx) {
    const tg = requireTargetGroup(ctx.world, required(input.TargetGroupArn, 'targetGroupArn'));
    if (loadBalancersOf(ctx.world, tg.arn).length) {
      throw new AwsError('ResourceInUse', `Target group '${tg.arn}' is currently in use by a listener or a rule`);
    }
    elbState(ctx.world).targetGroups.delete(tg.arn);
    return {};
  },

  ModifyTargetGroupAttributes(input, ctx) {
    const tg = requireTargetGroup(ctx.world, required(input.TargetGroupArn, 'targetGroupArn'));
    const given = listOf<{ Key?: string; Value?: string }>(input.Attributes);
    if (!given.length) required(undefined, 'attributes');
    // Every attribute is checked before any is changed.
    const changes = given.map((a, i) => {
      const key = required(a.Key, `attributes.${i + 1}.member.key`);
      const value = String(a.Value ?? '');
      checkAttribute(key, value);
      return [key, value] as const;
    });
    for (const [key, value] of changes) tg.attributes.set(key, value);
    return { Attributes: attributesOf(tg) };
  },

  DescribeTargetGroupAttributes(input, ctx) {
    const tg = requireTargetGroup(ctx.world, required(input.TargetGroupArn, 'targetGroupArn'));
    return { Attributes: attributesOf(tg) };
  },
};
