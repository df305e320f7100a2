import { AwsError } from '../../errors.js';
import type { Handler } from '../../types.js';
import type { World } from '../../world.js';
import { listOf, page, required, validation } from './input.js';
import { lbNotFound, visible } from './resources.js';
import { arnPrefix, elbState, hex16, type LoadBalancerRecord } from './state.js';
import { checkTags } from './tags.js';

/** CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer (application load balancers). */

/** Application Load Balancers per Region (quota). */
const MAX_LOAD_BALANCERS = 50;
/** The VPC every simulated subnet belongs to (the simulator has no EC2). */
export const SIM_VPC_ID = 'vpc-0a1b2c3d4e5f60718';
/** Route 53 hosted zone of ALBs in us-east-1 (the API Reference's example); other regions use the same here. */
const HOSTED_ZONE = 'Z35SXDOTRQ7X7K';
/** A new load balancer is `provisioning` this long, then `active`. */
const PROVISIONING_MS = 30;

/** Names of load balancers and target groups: up to 32 alphanumerics and hyphens, not starting or ending with a hyphen. */
export function checkName(kind: 'Load balancer' | 'Target group', name: string): void {
  if (name.length > 32) throw validation(`${kind} name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name))
    throw validation(`${kind} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw validation(`${kind} name '${name}' cannot begin or end with '-'`);
}

export function describeLoadBalancer(lb: LoadBalancerRecord) {
  const active = Date.now() - lb.createdTime.getTime() >= PROVISIONING_MS;
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: lb.createdTime,
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: active ? 'active' : 'provisioning' },
    Type: lb.type,
    AvailabilityZones: lb.subnets.map((subnet, i) => ({
      ZoneName: `${lb.region}${'abcdef'[i % 6]}`,
      SubnetId: subnet,
      LoadBalancerAddresses: [],
    })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: lb.ipAddressType,
  };
}

/** Deletes a load balancer with its listeners and their rules (target groups stay). */
export function deleteLoadBalancer(world: World, arn: string): void {
  const state = elbState(world);
  for (const listener of [...state.listeners.values()].filter((l) => l.loadBalancerArn === arn)) {
    for (const rule of [...state.rules.values()].filter((r) => r.listenerArn === listener.arn)) state.rules.delete(rule.arn);
    state.listeners.delete(listener.arn);
  }
  state.loadBalancers.delete(arn);
}

export const loadBalancerHandlers: Record<string, Handler> = {
  CreateLoadBalancer(input, ctx) {
    const state = elbState(ctx.world);
    const name = required(input.Name, 'name');
    checkName('Load balancer', name);
    if (name.startsWith('internal-')) throw validation(`Load balancer name '${name}' cannot begin with 'internal-'`);
    const type = input.Type ?? 'application';
    if (type !== 'application') throw validation(`The simulator supports only application load balancers, not '${type}'`);
    const scheme = input.Scheme ?? 'internet-facing';
    if (!['internet-facing', 'internal'].includes(scheme)) {
      throw validation(
        `1 validation error detected: Value '${scheme}' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]`,
      );
    }
    const subnets = [...listOf<string>(input.Subnets), ...listOf<Record<string, string>>(input.SubnetMappings).map((m) => m.SubnetId)];
    if (new Set(subnets).size < 2) throw validation('At least two subnets in two different Availability Zones must be specified');
    const securityGroups = listOf<string>(input.SecurityGroups);
    const ipAddressType = input.IpAddressType ?? 'ipv4';
    const existing = [...state.loadBalancers.values()].find((lb) => lb.name === name && lb.region === ctx.region);
    if (existing) {
      // Creating a load balancer again with the same settings succeeds and answers the existing one.
      const same = existing.scheme === scheme && JSON.stringify([...existing.subnets].sort()) === JSON.stringify([...subnets].sort());
      if (!same)
        throw new AwsError('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`);
      return { LoadBalancers: [describeLoadBalancer(existing)] };
    }
    if ([...state.loadBalancers.values()].filter((lb) => lb.region === ctx.region).length >= MAX_LOAD_BALANCERS) {
      throw new AwsError(
        'TooManyLoadBalancers',
        `You have reached the limit on the number of load balancers for your AWS account (${MAX_LOAD_BALANCERS})`,
      );
    }
    const id = hex16();
    const dnsId = String(Math.floor(1e9 + Math.random() * 9e9));
    const lb: LoadBalancerRecord = {
      arn: `${arnPrefix(ctx.region, ctx.accountId)}:loadbalancer/app/${name}/${id}`,
      name,
      region: ctx.region,
      scheme,
      type: 'application',
      dnsName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${dnsId}.${ctx.region}.elb.amazonaws.com`,
      canonicalHostedZoneId: HOSTED_ZONE,
      vpcId: SIM_VPC_ID,
      subnets,
      securityGroups,
      ipAddressType,
      createdTime: new Date(),
      tags: checkTags(input.Tags),
    };
    state.loadBalancers.set(lb.arn, lb);
    state.createdAt.set(lb.arn, Date.now());
    return { LoadBalancers: [describeLoadBalancer(lb)] };
  },

  DescribeLoadBalancers(input, ctx) {
    const state = elbState(ctx.world);
    const arns = listOf<string>(input.LoadBalancerArns);
    const names = listOf<string>(input.Names);
    if (arns.length && names.length) throw validation('Load balancer names and load balancer ARNs cannot be specified at the same time');
    const all = [...state.loadBalancers.values()].filter((lb) => lb.region === ctx.region && visible(ctx.world, lb.arn, ctx.modes));
    let found = all;
    if (arns.length) {
      found = arns.map((arn) => all.find((lb) => lb.arn === arn)).filter((lb): lb is LoadBalancerRecord => Boolean(lb));
      if (found.length !== arns.length) throw lbNotFound();
    } else if (names.length) {
      const missing = names.filter((n) => !all.some((lb) => lb.name === n));
      if (missing.length) throw new AwsError('LoadBalancerNotFound', `Load balancers '[${missing.join(', ')}]' not found`);
      found = names.map((n) => all.find((lb) => lb.name === n)!);
    }
    const { items, NextMarker } = page(found, input);
    return { LoadBalancers: items.map(describeLoadBalancer), NextMarker };
  },

  DeleteLoadBalancer(input, ctx) {
    // "If the load balancer does not exist or has already been deleted, the call succeeds."
    deleteLoadBalancer(ctx.world, required(input.LoadBalancerArn, 'loadBalancerArn'));
    return {};
  },
};
