import type { AlbCanaryOptions } from '../../src/canary/alb/options.js';
import { ConfigurationError } from '../../src/errors.js';
import { formatDuration } from '../../src/format.js';
import { durationInput, optionalInput } from '../../src/github/inputs.js';
import { requireRegionPartition } from '../../src/inputs/arn.js';
import { invalid } from '../../src/inputs/parse.js';
import type { CommonInputs } from './inputs.js';

const ELB_ARN = '^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:';
const LISTENER_ARN = new RegExp(`${ELB_ARN}listener/(app/[\\w-]{1,32}/[0-9a-f]+/[0-9a-f]+)$`);
const RULE_ARN = new RegExp(`${ELB_ARN}listener-rule/(app/[\\w-]{1,32}/[0-9a-f]+/[0-9a-f]+)/[0-9a-f]+$`);
const TARGET_GROUP_ARN = new RegExp(`${ELB_ARN}targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]+$`);
/** ELBv2's rule for a target group name: up to 32 letters, digits and hyphens, no hyphen at either end. */
const TARGET_GROUP_NAME = /^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$/;
const EXAMPLE_LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2';

/** The input behind each setting the core may find wrong. */
export const ALB_INPUTS = {
  listenerArn: 'listener-arn',
  ruleArn: 'rule-arn',
  stableTargetGroup: 'stable-target-group',
  canaryTargetGroup: 'canary-target-group',
} as const;

/** mode alb's inputs, read after the common ones and before any AWS call. */
export function readAlbInputs(common: CommonInputs): AlbCanaryOptions {
  const listenerArn = required('listener-arn');
  const listener = LISTENER_ARN.exec(listenerArn);
  if (!listener) throw invalid('listener-arn', listenerArn, `an application load balancer listener ARN such as ${EXAMPLE_LISTENER}`);
  const ruleArn = optionalInput('rule-arn');
  if (ruleArn !== undefined) {
    const rule = RULE_ARN.exec(ruleArn);
    if (!rule) throw invalid('rule-arn', ruleArn, 'a listener rule ARN (arn:aws:elasticloadbalancing:...:listener-rule/app/...)');
    if (rule[1] !== listener[1])
      throw invalid('rule-arn', ruleArn, `a rule of the listener in listener-arn (listener-rule/${listener[1]}/...)`);
  }
  const stableTargetGroup = targetGroup('stable-target-group');
  const canaryTargetGroup = targetGroup('canary-target-group');
  if (stableTargetGroup === canaryTargetGroup) {
    throw invalid('canary-target-group', canaryTargetGroup, 'a target group other than stable-target-group');
  }
  requireTimeForBakes(common);
  const stickiness = optionalInput('stickiness-duration');
  for (const [name, value] of [
    ['listener-arn', listenerArn],
    ['rule-arn', ruleArn],
    ['stable-target-group', stableTargetGroup],
    ['canary-target-group', canaryTargetGroup],
  ] as const) {
    requireRegionPartition(name, value, common.region);
    requireSameRegion(name, value, common.region);
  }
  return {
    walk: common.walk,
    listenerArn,
    ruleArn,
    stableTargetGroup,
    canaryTargetGroup,
    stickinessSeconds:
      stickiness === undefined
        ? undefined
        : durationInput('stickiness-duration', '1h', { min: 1000, max: 7 * 24 * 3_600_000, example: '1h' }) / 1000,
  };
}

/** A walk whose bakes alone outlast the timeout would always end in a rollback: said now, not after an hour. */
function requireTimeForBakes(common: CommonInputs): void {
  const { action, steps, bakeTimeMs, timeoutMs } = common.walk;
  if (action !== 'walk' || steps.length * bakeTimeMs < timeoutMs) return;
  const needed = `${steps.length} steps × bake-time ${formatDuration(bakeTimeMs)} = ${formatDuration(steps.length * bakeTimeMs)}`;
  throw invalid('timeout', optionalInput('timeout') ?? '1h', `more than the bakes take (${needed}), with time left to change weights`);
}

function required(name: string): string {
  const value = optionalInput(name);
  if (value === undefined) throw new ConfigurationError(`Input required and not supplied: ${name} (mode alb needs it)`);
  return value;
}

function targetGroup(name: string): string {
  const value = required(name);
  if (value.startsWith('arn:') ? !TARGET_GROUP_ARN.test(value) : !TARGET_GROUP_NAME.test(value)) {
    throw invalid(
      name,
      value,
      'a target group ARN (arn:aws:elasticloadbalancing:...:targetgroup/name/id) or name (up to 32 letters, digits and hyphens)',
    );
  }
  return value;
}

/** A load balancer lives in one region: an ARN of another would only be "not found" at AWS. */
function requireSameRegion(name: string, value: string | undefined, region: string): void {
  const arnRegion = value?.startsWith('arn:') ? value.split(':')[3] : undefined;
  if (arnRegion !== undefined && arnRegion !== region) {
    throw invalid(name, value!, `an ARN in region ${region}, the region of this step (set aws-region to use another)`);
  }
}
