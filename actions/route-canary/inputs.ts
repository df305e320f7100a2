import { resolveRegion } from '../../src/aws/clients.js';
import type { CanaryAction, CanaryMode, CanaryWalkOptions } from '../../src/canary/options.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { choiceInput, durationInput, listInput, optionalInput, requiredInput } from '../../src/github/inputs.js';
import { AT_LEAST_ONE_SECOND, invalid, parseChoice, parseList } from '../../src/inputs/parse.js';

/** The inputs every mode shares; each mode reads its own in inputs-<mode>.ts. */
export interface CommonInputs {
  mode: CanaryMode;
  walk: CanaryWalkOptions;
  region: string;
  credentials: CredentialInputs;
}

export const MODES: readonly CanaryMode[] = ['alb', 'cloudfront', 'ecs'];
const ACTIONS: readonly CanaryAction[] = ['walk', 'promote', 'abort'];
/** CloudWatch's limit on an alarm name. */
const ALARM_NAME = /^[^\p{Cc}]{1,255}$/u;

export function readCommonInputs(): CommonInputs {
  const mode = parseChoice('mode', requiredInput('mode'), MODES);
  const alarms = listInput('alarms');
  const badAlarm = alarms.find((name) => !ALARM_NAME.test(name));
  if (badAlarm !== undefined) throw invalid('alarms', badAlarm, 'CloudWatch alarm names of 1 to 255 characters');
  return {
    mode,
    walk: {
      action: choiceInput('action', ACTIONS, 'walk'),
      steps: parseSteps(optionalInput('steps') ?? '10,25,50,100'),
      bakeTimeMs: durationInput('bake-time', '5m', { max: 24 * 3_600_000, example: '5m' }),
      alarms: [...new Set(alarms)],
      timeoutMs: durationInput('timeout', '1h', AT_LEAST_ONE_SECOND),
      pollIntervalMs: durationInput('poll-interval', '5s', { min: 250, max: 300_000, example: '5s' }),
    },
    region: resolveRegion(optionalInput('aws-region')),
    credentials: credentialInputs('ecs-ship-route-canary'),
  };
}

/** "10,25,50,100" -> [10, 25, 50, 100]: whole percentages from 1 to 100 (a "%" allowed), each above the one before. */
export function parseSteps(raw: string): number[] {
  const steps = parseList(raw).map((item) => (/^\d{1,3}%?$/.test(item) ? parseInt(item, 10) : NaN));
  const rising = steps.every((step, index) => step >= 1 && step <= 100 && (index === 0 || step > steps[index - 1]));
  if (!steps.length || !rising) {
    throw invalid('steps', raw, 'rising whole percentages from 1 to 100 separated by commas, such as 10,25,50,100');
  }
  return steps;
}
