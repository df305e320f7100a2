import { AwsError } from '../../errors.js';

/**
 * ECS-native deployment strategies (deploymentConfiguration.strategy BLUE_GREEN, CANARY, LINEAR):
 * the configuration rules of the API Reference (DeploymentConfiguration, CanaryConfiguration,
 * LinearConfiguration, DeploymentLifecycleHook) and the plan of lifecycle stages a deployment
 * walks. The engine that walks it is native-strategies.ts.
 */

export type NativeStrategy = 'BLUE_GREEN' | 'CANARY' | 'LINEAR';
export const NATIVE_STRATEGIES: readonly string[] = ['BLUE_GREEN', 'CANARY', 'LINEAR'];
const STRATEGIES = ['ROLLING', ...NATIVE_STRATEGIES];

/** DeploymentLifecycleHookStage: the stages a hook may run at. */
export const HOOK_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
];

/** Documented defaults (API_CanaryConfiguration, API_LinearConfiguration, API_DeploymentLifecycleHookTimeoutConfiguration). */
export const CANARY_DEFAULTS = { canaryPercent: 5, canaryBakeTimeInMinutes: 10 };
export const LINEAR_DEFAULTS = { stepPercent: 10, stepBakeTimeInMinutes: 6 };
export const HOOK_TIMEOUT_DEFAULT_MINUTES = 1440;

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

const isTenth = (value: number) => Math.abs(Math.round(value * 10) - value * 10) < 1e-9;

function checkMinutes(name: string, value: unknown): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 1440) {
    throw invalid(`${name} must be an integer from 0 to 1440.`);
  }
}

function checkPercent(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || value < min || value > 100 || !isTenth(value)) {
    throw invalid(`${name} must be a multiple of 0.1 from ${min} to 100.0.`);
  }
}

/** Refuses what the API Reference says is invalid in a deployment configuration's strategy fields. */
export function checkStrategyConfiguration(config: Record<string, any>): void {
  const strategy = config.strategy;
  if (strategy !== undefined && !STRATEGIES.includes(strategy)) {
    throw invalid(`strategy must be one of ${STRATEGIES.join(', ')}.`);
  }
  checkMinutes('bakeTimeInMinutes', config.bakeTimeInMinutes);
  // "You must provide this parameter when you use the BLUE_GREEN deployment strategy."
  if (strategy === 'BLUE_GREEN' && config.bakeTimeInMinutes === undefined) {
    throw invalid('bakeTimeInMinutes must be provided with the BLUE_GREEN deployment strategy.');
  }
  // Read only with their strategy (UpdateService merges the configuration: one left from another strategy stays, unused).
  if (config.canaryConfiguration !== undefined) {
    checkPercent('canaryPercent', config.canaryConfiguration.canaryPercent, 0.1);
    checkMinutes('canaryBakeTimeInMinutes', config.canaryConfiguration.canaryBakeTimeInMinutes);
  }
  if (config.linearConfiguration !== undefined) {
    checkPercent('stepPercent', config.linearConfiguration.stepPercent, 3);
    checkMinutes('stepBakeTimeInMinutes', config.linearConfiguration.stepBakeTimeInMinutes);
  }
  for (const hook of config.lifecycleHooks ?? []) checkHook(hook);
}

function checkHook(hook: Record<string, any>): void {
  const type = hook.targetType ?? 'AWS_LAMBDA';
  if (!['AWS_LAMBDA', 'PAUSE'].includes(type)) throw invalid('targetType must be AWS_LAMBDA or PAUSE.');
  if (type === 'AWS_LAMBDA' && !hook.hookTargetArn) throw invalid('hookTargetArn must be provided for an AWS_LAMBDA lifecycle hook.');
  if (type === 'AWS_LAMBDA' && !hook.roleArn) throw invalid('roleArn must be provided for an AWS_LAMBDA lifecycle hook.');
  const stages: unknown[] = hook.lifecycleStages ?? [];
  if (!stages.length) throw invalid('lifecycleStages cannot be empty.');
  const bad = stages.find((s) => !HOOK_STAGES.includes(s as string));
  if (bad !== undefined) throw invalid(`lifecycleStages must be among ${HOOK_STAGES.join(', ')}; got ${String(bad)}.`);
  const timeout = hook.timeoutConfiguration;
  if (timeout?.timeoutInMinutes !== undefined) checkMinutes('timeoutInMinutes', timeout.timeoutInMinutes);
  if (timeout?.action !== undefined && !['CONTINUE', 'ROLLBACK'].includes(timeout.action)) {
    throw invalid('timeoutConfiguration action must be CONTINUE or ROLLBACK.');
  }
}

export const isNative = (config: Record<string, any> | undefined): boolean => NATIVE_STRATEGIES.includes(config?.strategy);

/**
 * One step of the walk: the lifecycle stage reported while it lasts, the work it does, and the
 * hook stage whose hooks run once the work is done.
 */
export type StepWork =
  | { kind: 'none' }
  | { kind: 'scale-up' }
  | { kind: 'test-shift' }
  | { kind: 'production-shift'; weight: number }
  | { kind: 'wait'; minutes: number; what: 'canary bake' | 'step bake' | 'bake' }
  | { kind: 'clean-up' };

export interface Step {
  stage: string;
  work: StepWork;
  hookStage?: string;
}

/** The production weights of the new revision: BLUE_GREEN 100; CANARY its percent then 100; LINEAR equal steps to 100. */
export function productionWeights(config: Record<string, any>): number[] {
  if (config.strategy === 'CANARY') {
    const percent = config.canaryConfiguration?.canaryPercent ?? CANARY_DEFAULTS.canaryPercent;
    return percent >= 100 ? [100] : [percent, 100];
  }
  if (config.strategy === 'LINEAR') {
    const step = config.linearConfiguration?.stepPercent ?? LINEAR_DEFAULTS.stepPercent;
    const weights: number[] = [];
    for (let w = step; w < 100 - 1e-9; w += step) weights.push(Math.round(w * 10) / 10);
    return [...weights, 100];
  }
  return [100];
}

/**
 * The stages a deployment walks, in the order the Developer Guide gives them: RECONCILE_SERVICE
 * (only with more than one ACTIVE revision), PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP,
 * TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, then for every production shift
 * PRE_PRODUCTION_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT (the canary or step bake follows each
 * shift but the last), POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP.
 */
export function planSteps(config: Record<string, any>, activeRevisions: number): Step[] {
  const steps: Step[] = [];
  const hookAt = (stage: string, work: StepWork = { kind: 'none' }) => steps.push({ stage, work, hookStage: stage });
  if (activeRevisions > 1) hookAt('RECONCILE_SERVICE');
  hookAt('PRE_SCALE_UP');
  steps.push({ stage: 'SCALE_UP', work: { kind: 'scale-up' } });
  hookAt('POST_SCALE_UP');
  hookAt('TEST_TRAFFIC_SHIFT', { kind: 'test-shift' });
  hookAt('POST_TEST_TRAFFIC_SHIFT');
  const weights = productionWeights(config);
  const interval =
    config.strategy === 'CANARY'
      ? {
          minutes: config.canaryConfiguration?.canaryBakeTimeInMinutes ?? CANARY_DEFAULTS.canaryBakeTimeInMinutes,
          what: 'canary bake' as const,
        }
      : { minutes: config.linearConfiguration?.stepBakeTimeInMinutes ?? LINEAR_DEFAULTS.stepBakeTimeInMinutes, what: 'step bake' as const };
  weights.forEach((weight, index) => {
    hookAt('PRE_PRODUCTION_TRAFFIC_SHIFT');
    hookAt('PRODUCTION_TRAFFIC_SHIFT', { kind: 'production-shift', weight });
    if (index < weights.length - 1) steps.push({ stage: 'PRODUCTION_TRAFFIC_SHIFT', work: { kind: 'wait', ...interval } });
  });
  hookAt('POST_PRODUCTION_TRAFFIC_SHIFT');
  steps.push({ stage: 'BAKE_TIME', work: { kind: 'wait', minutes: config.bakeTimeInMinutes ?? 0, what: 'bake' } });
  steps.push({ stage: 'CLEAN_UP', work: { kind: 'clean-up' } });
  return steps;
}
