import { AwsError } from '../../errors.js';
import type { Handler } from '../../types.js';
import type { World } from '../../world.js';
import { schedule } from '../ecs/timers.js';
import { intOf, listOf, required } from './input.js';
import { loadBalancersOf, requireTargetGroup } from './resources.js';
import { elbState, type TargetGroupRecord, type TargetRecord } from './state.js';

/**
 * Targets and their health (RegisterTargets, DeregisterTargets, DescribeTargetHealth): a new target
 * is `initial` for `healthCheckMs`, then `healthy` or `unhealthy`; a deregistered one is
 * `draining` for the deregistration delay, then gone.
 */

/** TargetHealth Reason codes and the descriptions ELBv2 gives them. */
export const REASONS: Record<string, string> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Target.ResponseCodeMismatch': 'Health checks failed with these codes: [503]',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.NotInUse': 'Given target group is not configured to receive traffic from ELB',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.InvalidState': 'Target is in the stopped state',
  'Target.HealthCheckDisabled': 'Health checks are disabled',
  'Elb.InternalError': 'Health checks failed due to an internal error',
};

export type HealthOutcome = { state: 'healthy' } | { state: 'unhealthy'; reason: string };

const targetKey = (id: string, port: number) => `${id}:${port}`;

function setState(target: TargetRecord, state: TargetRecord['state'], reason?: string): void {
  target.state = state;
  target.reason = reason;
  target.description = reason ? REASONS[reason] : undefined;
  target.version += 1;
}

/** Registers (or re-registers) a target; its first health check answers `outcome` after healthCheckMs. */
export function registerTarget(
  world: World,
  tg: TargetGroupRecord,
  target: { id: string; port?: number; availabilityZone?: string; outcome?: HealthOutcome },
): TargetRecord {
  const port = target.port ?? tg.port;
  const key = targetKey(target.id, port);
  const existing = tg.targets.get(key);
  if (existing && existing.state !== 'draining') return existing;
  const record: TargetRecord = existing ?? { id: target.id, port, availabilityZone: target.availabilityZone, state: 'initial', version: 0 };
  setState(record, 'initial', 'Elb.RegistrationInProgress');
  record.forced = false;
  tg.targets.set(key, record);
  const version = record.version;
  const outcome = target.outcome ?? { state: 'healthy' };
  schedule(world, elbState(world).timings.healthCheckMs, () => {
    if (record.version !== version || record.forced) return;
    if (outcome.state === 'healthy') setState(record, 'healthy');
    else setState(record, 'unhealthy', outcome.reason);
  });
  return record;
}

/** Starts draining a target; it is removed after the deregistration delay (none when the attribute is 0). */
export function deregisterTarget(world: World, tg: TargetGroupRecord, target: { id: string; port?: number }): boolean {
  const key = targetKey(target.id, target.port ?? tg.port);
  const record = tg.targets.get(key);
  if (!record) return false;
  if (record.state === 'draining') return true;
  const delay = tg.attributes.get('deregistration_delay.timeout_seconds') === '0' ? 0 : elbState(world).timings.deregistrationDelayMs;
  setState(record, 'draining', 'Target.DeregistrationInProgress');
  const version = record.version;
  schedule(world, delay, () => {
    if (record.version === version && tg.targets.get(key) === record) tg.targets.delete(key);
  });
  return true;
}

/**
 * Forces the health of a target group's targets (all, or the one with `targetId`): health checks
 * stop changing them until they are registered again. For tests: "the canary turns unhealthy".
 */
export function setTargetHealth(
  world: World,
  tgArn: string,
  state: 'healthy' | 'unhealthy' | 'initial',
  options: { reason?: string; targetId?: string } = {},
): number {
  const tg = requireTargetGroup(world, tgArn);
  const reason =
    state === 'unhealthy' ? (options.reason ?? 'Target.FailedHealthChecks') : state === 'initial' ? 'Elb.InitialHealthChecking' : undefined;
  if (reason && !(reason in REASONS)) throw new Error(`unknown target health reason ${reason} (known: ${Object.keys(REASONS).join(', ')})`);
  let changed = 0;
  for (const target of tg.targets.values()) {
    if (target.state === 'draining' || (options.targetId && target.id !== options.targetId)) continue;
    setState(target, state, reason);
    target.forced = true;
    changed += 1;
  }
  return changed;
}

/** A target's health as DescribeTargetHealth shows it: `unused` while no listener or rule forwards to its group. */
export function healthOf(world: World, tg: TargetGroupRecord, target: TargetRecord) {
  if (target.state !== 'draining' && !loadBalancersOf(world, tg.arn).length) {
    return { State: 'unused', Reason: 'Target.NotInUse', Description: REASONS['Target.NotInUse'] };
  }
  return { State: target.state, Reason: target.reason, Description: target.description };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function checkTargets(tg: TargetGroupRecord, given: unknown): Array<{ id: string; port?: number; availabilityZone?: string }> {
  const targets = listOf<Record<string, unknown>>(given);
  if (!targets.length) required(undefined, 'targets');
  return targets.map((t, i) => {
    const id = required(t.Id, `targets.${i + 1}.member.id`);
    if (tg.targetType === 'ip' && !IPV4.test(id)) throw new AwsError('InvalidTarget', `The IP address '${id}' is not a valid IPv4 address`);
    if (tg.targetType === 'instance' && !/^i-[0-9a-f]{8,17}$/.test(id)) {
      throw new AwsError('InvalidTarget', `The following targets are not valid instances: '${id}'`);
    }
    const port = intOf(t.Port, `targets.${i + 1}.member.port`);
    return { id, port, availabilityZone: t.AvailabilityZone as string | undefined };
  });
}

export const targetHandlers: Record<string, Handler> = {
  RegisterTargets(input, ctx) {
    const tg = requireTargetGroup(ctx.world, required(input.TargetGroupArn, 'targetGroupArn'));
    for (const target of checkTargets(tg, input.Targets)) registerTarget(ctx.world, tg, target);
    return {};
  },

  DeregisterTargets(input, ctx) {
    const tg = requireTargetGroup(ctx.world, required(input.TargetGroupArn, 'targetGroupArn'));
    const targets = checkTargets(tg, input.Targets);
    const unknown = targets.filter((t) => !tg.targets.has(targetKey(t.id, t.port ?? tg.port)));
    if (unknown.length) {
      throw new AwsError(
        'InvalidTarget',
        `The following targets are not registered in target group '${tg.arn}': ${unknown.map((t) => `'${t.id}'`).join(', ')}`,
      );
    }
    for (const target of targets) deregisterTarget(ctx.world, tg, target);
    return {};
  },

  DescribeTargetHealth(input, ctx) {
    const tg = requireTargetGroup(ctx.world, required(input.TargetGroupArn, 'targetGroupArn'));
    const asked = input.Targets === undefined ? undefined : checkTargets(tg, input.Targets);
    const healthCheckPort = (target: { port: number }) =>
      tg.healthCheck.HealthCheckPort === 'traffic-port' ? String(target.port) : String(tg.healthCheck.HealthCheckPort);
    if (asked) {
      return {
        TargetHealthDescriptions: asked.map((t) => {
          const port = t.port ?? tg.port;
          const target = tg.targets.get(targetKey(t.id, port));
          return {
            Target: { Id: t.id, Port: port, AvailabilityZone: target?.availabilityZone },
            HealthCheckPort: healthCheckPort({ port }),
            TargetHealth: target
              ? healthOf(ctx.world, tg, target)
              : { State: 'unused', Reason: 'Target.NotRegistered', Description: REASONS['Target.NotRegistered'] },
          };
        }),
      };
    }
    return {
      TargetHealthDescriptions: [...tg.targets.values()].map((target) => ({
        Target: { Id: target.id, Port: target.port, AvailabilityZone: target.availabilityZone },
        HealthCheckPort: healthCheckPort(target),
        TargetHealth: healthOf(ctx.world, tg, target),
      })),
    };
  },
};
