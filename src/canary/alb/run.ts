import { describeAlarmStates } from '../../cloudwatch/alarms.js';
import type { Elbv2 } from '../../elb/listener-actions.js';
import { resolveTargetGroup } from '../../elb/target-groups.js';
import { invalidSetting } from '../../inputs/setting-error.js';
import { systemClock } from '../../wait/clock.js';
import type { CanaryOutcome } from '../outcome.js';
import type { CanaryRunDeps } from '../run-deps.js';
import { trafficText } from '../summary.js';
import { Timeline } from '../timeline.js';
import { readGates } from './gates.js';
import type { AlbCanaryOptions } from './options.js';
import { AlbTraffic, shares } from './traffic.js';
import { AlbWalk } from './walk.js';

export interface AlbCanaryDeps extends CanaryRunDeps {
  elbv2: Elbv2;
}

/**
 * mode alb: finds the two target groups, the forward action and the alarms (all before any
 * change, so a wrong name changes nothing), then walks, promotes or aborts.
 */
export async function runAlbCanary(options: AlbCanaryOptions, deps: AlbCanaryDeps): Promise<CanaryOutcome> {
  const clock = deps.clock ?? systemClock;
  const stable = await resolveTargetGroup(deps.elbv2, options.stableTargetGroup, 'stableTargetGroup');
  const canary = await resolveTargetGroup(deps.elbv2, options.canaryTargetGroup, 'canaryTargetGroup');
  if (stable.arn === canary.arn)
    throw invalidSetting('canaryTargetGroup', options.canaryTargetGroup, 'a target group other than the stable one');
  const traffic = new AlbTraffic(
    deps.elbv2,
    { listenerArn: options.listenerArn, ruleArn: options.ruleArn },
    { stable, canary },
    options.stickinessSeconds,
  );
  const found = await traffic.read();
  // Unknown alarm names fail here, before any change.
  if (options.walk.alarms.length && options.walk.action !== 'abort') await describeAlarmStates(deps.cloudwatch, options.walk.alarms);
  const timeline = new Timeline(deps.logger, clock.now);
  const now = shares(found.canary);
  timeline.add(
    { event: `Traffic found (stable group ${stable.name}, canary group ${canary.name})`, traffic: now },
    `Traffic now: ${trafficText(now)} (stable group ${stable.name}, canary group ${canary.name})`,
  );
  const walk = new AlbWalk(
    {
      traffic,
      readGates: () => readGates(deps, canary, options.walk.alarms),
      timeline,
      options: options.walk,
      logger: deps.logger,
      clock,
      signal: deps.signal,
    },
    found,
  );
  if (options.walk.action === 'abort') return walk.abort();
  if (options.walk.action === 'promote') return walk.promote();
  return walk.walk();
}
