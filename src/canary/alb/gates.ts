import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Elbv2 } from '../../elb/listener-actions.js';
import type { TargetGroupRef } from '../../elb/target-groups.js';
import { readAlarms } from '../alarms.js';
import { describeTargetHealth, healthLine, healthyCount, targetText, unhealthyTargets } from '../../elb/target-health.js';

/**
 * What may stop a canary: its targets failing their health checks, or an alarm in ALARM. Looked
 * at before each step and all through each bake.
 */

export interface GateReading {
  /** "3/3 healthy". */
  health: string;
  /** "api-5xx OK, api-latency OK", or undefined without alarms. */
  alarms?: string;
  /** At least one healthy target to send traffic to. */
  ready: boolean;
  /** Why the canary must go back to 0%, when it must. */
  failure?: string;
}

export interface GateDeps {
  elbv2: Elbv2;
  cloudwatch: Pick<CloudWatchClient, 'send'>;
}

export async function readGates(deps: GateDeps, canary: TargetGroupRef, alarmNames: string[]): Promise<GateReading> {
  const [targets, alarms] = await Promise.all([describeTargetHealth(deps.elbv2, canary.arn), readAlarms(deps.cloudwatch, alarmNames)]);
  const unhealthy = unhealthyTargets(targets);
  const failures = [
    ...(alarms.failure ? [alarms.failure] : []),
    ...(unhealthy.length ? [`target group ${canary.name} has unhealthy targets: ${unhealthy.map(targetText).join(', ')}`] : []),
  ];
  return {
    health: healthLine(targets),
    alarms: alarms.alarms,
    ready: healthyCount(targets) > 0,
    failure: failures.length ? capitalised(failures.join('; ')) : undefined,
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
