import { randomBytes } from 'node:crypto';
import type { World } from '../../world.js';

/** Load balancers, target groups, listeners, rules and targets, as ELBv2 holds them (per account, by ARN). */

export type Tag = { Key: string; Value?: string };

export interface LoadBalancerRecord {
  arn: string;
  name: string;
  region: string;
  scheme: 'internet-facing' | 'internal';
  type: 'application';
  dnsName: string;
  canonicalHostedZoneId: string;
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  ipAddressType: string;
  createdTime: Date;
  tags: Tag[];
}

export interface TargetRecord {
  id: string;
  port: number;
  availabilityZone?: string;
  state: 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused' | 'unavailable';
  reason?: string;
  description?: string;
  /** Bumped on every change: a timer scheduled for an older version does nothing. */
  version: number;
  /** Set by setTargetHealth: health checks no longer change this target's state. */
  forced?: boolean;
}

export interface TargetGroupRecord {
  arn: string;
  name: string;
  region: string;
  protocol: string;
  protocolVersion?: string;
  port: number;
  vpcId: string;
  targetType: 'ip' | 'instance';
  healthCheck: Record<string, unknown>;
  attributes: Map<string, string>;
  tags: Tag[];
  /** By "id:port". */
  targets: Map<string, TargetRecord>;
  createdAt: number;
}

/** An action as stored: verbatim what was asked (ClientSecret included), with its Order. */
export type Action = Record<string, any> & { Type: string };

/** A version of an action list and when it was written; the ALB applies changes in batches (modes.weightApplyMs). */
export interface ActionVersion {
  actions: Action[];
  at: number;
}

export interface ListenerRecord {
  arn: string;
  loadBalancerArn: string;
  region: string;
  port: number;
  protocol: string;
  sslPolicy?: string;
  certificates?: unknown[];
  /** Oldest first; the last is the newest write. */
  defaultActions: ActionVersion[];
  tags: Tag[];
}

export interface RuleRecord {
  arn: string;
  listenerArn: string;
  region: string;
  priority: number | 'default';
  conditions: Array<Record<string, any>>;
  actions: ActionVersion[];
  tags: Tag[];
  createdAt: number;
}

export interface ElbTimings {
  /** A registered target stays `initial` this long before its first health check result. */
  healthCheckMs: number;
  /** A deregistered target stays `draining` this long (0 when the group's deregistration_delay.timeout_seconds is 0). */
  deregistrationDelayMs: number;
}

export const DEFAULT_ELB_TIMINGS: ElbTimings = { healthCheckMs: 40, deregistrationDelayMs: 50 };

export interface ElbState {
  loadBalancers: Map<string, LoadBalancerRecord>;
  targetGroups: Map<string, TargetGroupRecord>;
  listeners: Map<string, ListenerRecord>;
  rules: Map<string, RuleRecord>;
  timings: ElbTimings;
  /** When each resource was created: reads may not see it for modes.elbCreateLagMs (harsh mode). */
  createdAt: Map<string, number>;
}

export const elbState = (world: World): ElbState =>
  world.stateOf('elbv2', () => ({
    loadBalancers: new Map(),
    targetGroups: new Map(),
    listeners: new Map(),
    rules: new Map(),
    timings: { ...DEFAULT_ELB_TIMINGS },
    createdAt: new Map(),
  }));

/** Merges `partial` into the ELBv2 timings (milliseconds) and answers them. */
export function setElbTimings(world: World, partial: Partial<ElbTimings>): ElbTimings {
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in DEFAULT_ELB_TIMINGS))
      throw new Error(`unknown ELBv2 timing "${key}" (known: ${Object.keys(DEFAULT_ELB_TIMINGS).join(', ')})`);
    if (typeof value !== 'number' || value < 0) throw new Error(`ELBv2 timing ${key} must be a number of milliseconds >= 0`);
  }
  const state = elbState(world);
  state.timings = { ...state.timings, ...partial };
  return state.timings;
}

export const hex16 = (): string => randomBytes(8).toString('hex');

export const arnPrefix = (region: string, accountId: string) => `arn:aws:elasticloadbalancing:${region}:${accountId}`;

/** The newest action list (what was last written). */
export const latestActions = (versions: ActionVersion[]): Action[] => versions[versions.length - 1].actions;

/**
 * The action list the ALB is applying now: the newest one written at least `applyMs` ago, else
 * the oldest still kept (a just-created listener or rule has its first list at once).
 */
export function appliedActions(versions: ActionVersion[], applyMs: number, now = Date.now()): Action[] {
  for (let i = versions.length - 1; i >= 0; i -= 1) if (versions[i].at <= now - applyMs) return versions[i].actions;
  return versions[0].actions;
}

/** Appends a new version, dropping versions no reader can see any more (keeps the last applied one). */
export function pushActions(versions: ActionVersion[], actions: Action[], keepMs: number, now = Date.now()): void {
  versions.push({ actions, at: now });
  while (versions.length > 2 && versions[1].at <= now - keepMs) versions.shift();
}
