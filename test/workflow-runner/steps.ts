import type { Step } from '@actions/workflow-parser/actions/index';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import { asString, evaluate, evaluateCondition, evaluateStringMap, evaluateToken, type Contexts } from './expressions.js';
import { field } from './load.js';
import { logLine, type JobScope } from './run-state.js';
import { runActionStep } from './action-step.js';
import { runScriptStep } from './run-step.js';
import { cancelledBy } from './concurrency.js';
import type { Conclusion, StepResult } from './types.js';

/**
 * A sequence of steps: a job's, or a composite action's (with its own `inputs` and `steps`
 * contexts). Steps run in order; `if:` decides (implicit success()), `continue-on-error` turns a
 * failure into a success for the rest, outputs land in `steps.<id>`.
 */
export interface StepList {
  scope: JobScope;
  steps: Step[];
  raw: MappingToken[];
  /** Contexts of this level: {} for a job, { inputs } for a composite. */
  extra: Contexts;
  /** The `steps` context of this level. */
  stepsContext: Record<string, { outputs: Record<string, string>; outcome: Conclusion; conclusion: Conclusion }>;
  /** Repository and ref `$/` resolves to here. */
  self: { name: string; ref: string };
  /** Env every step of this level adds (a composite step's env). */
  envOverlay: Record<string, string>;
  /** Set for composite steps (GITHUB_ACTION_PATH, github.action_path). */
  actionPath?: string;
  failed: boolean;
  /** Path for log lines. */
  label: string;
  /** A job's list: the pre phases run at job start, by step (state for main and post). */
  pre?: Map<MappingToken, { state: Record<string, string>; conclusion: Conclusion; log: string }>;
}

export interface StepEnvironment {
  contexts: Contexts;
  /** The step's env (job env + overlays + step env), all strings. */
  env: Record<string, string>;
  github: Record<string, unknown>;
}

/** The contexts of one step: the job's, this level's, env and steps. */
export function contextsFor(list: StepList, env: Record<string, string>, stepId?: string): Contexts {
  const { scope } = list;
  const github = {
    ...(scope.contexts.github as Record<string, unknown>),
    action: stepId ?? '',
    action_path: list.actionPath ?? '',
  };
  const job = {
    ...(scope.contexts.job as Record<string, unknown>),
    status: scope.cancelled ? 'cancelled' : list.failed || scope.failed ? 'failure' : 'success',
  };
  return { ...scope.contexts, ...list.extra, github, job, env, steps: list.stepsContext };
}

/** The text as written in the file (the parser rewrites `a ${{ b }}` as format()). */
function sourceText(token: ReturnType<typeof field>): string {
  if (!token) return '';
  return (token as unknown as { source?: string }).source ?? token.toString();
}

function statusOf(list: StepList) {
  return { success: !list.failed && !list.scope.failed, cancelled: list.scope.cancelled, workspace: list.scope.workspace };
}

export async function runStepList(list: StepList): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (let index = 0; index < list.steps.length; index++) {
    // Past the job's timeout the runner cancels the job: only steps that ask for it (always(), cancelled()) still run.
    // A run cancelled by its concurrency group likewise, at its next step.
    if (Date.now() >= list.scope.deadline || cancelledBy(list.scope.frame.holds)) list.scope.cancelled = true;
    results.push(await runOneStep(list, list.steps[index], list.raw[index]));
  }
  return results;
}

async function runOneStep(list: StepList, step: Step, raw: MappingToken): Promise<StepResult> {
  const { scope } = list;
  const run = scope.frame.run;
  const baseEnv = { ...scope.env, ...list.envOverlay };
  const preContexts = contextsFor(list, baseEnv, step.id);
  const status = statusOf(list);
  const uses = 'uses' in step ? step.uses.value : undefined;
  const name =
    asString(evaluateToken(step.name, preContexts, status)) ||
    (uses ? `Run ${uses}` : `Run ${sourceText(field(raw, 'run')).split('\n')[0]}`);
  const result: StepResult = { id: step.id, name, uses, outcome: 'skipped', conclusion: 'skipped', outputs: {}, log: '' };
  const condition = 'if' in step && step.if ? step.if.expression : 'success()';
  let shouldRun: boolean;
  try {
    shouldRun = evaluateCondition(condition, preContexts, status);
  } catch (error) {
    shouldRun = false;
    result.outcome = result.conclusion = 'failure';
    result.log = logLine(run, list.label, `Error: the step's if: ${(error as Error).message}`);
    list.failed = true;
  }
  if (shouldRun) {
    logLine(run, list.label, `▶ ${name}`);
    let stepEnv: Record<string, string>;
    try {
      stepEnv = { ...baseEnv, ...evaluateStringMap(field(raw, 'env'), preContexts, status) };
    } catch (error) {
      stepEnv = baseEnv;
      result.log = logLine(run, list.label, `Error: ${(error as Error).message}`);
      result.outcome = 'failure';
    }
    if (result.outcome !== 'failure') {
      const contexts = contextsFor(list, stepEnv, step.id);
      const environment: StepEnvironment = { contexts, env: stepEnv, github: contexts.github as Record<string, unknown> };
      try {
        const outcome = uses
          ? await runActionStep({ list, raw, uses, environment, result })
          : await runScriptStep({ list, raw, environment, result });
        result.outcome = outcome;
      } catch (error) {
        result.log += logLine(run, list.label, `Error: ${(error as Error).message}`) + '\n';
        result.outcome = 'failure';
      }
    }
    result.conclusion = result.outcome;
    if (result.outcome === 'failure' && continueOnError(list, raw, contextsFor(list, stepEnv, step.id))) result.conclusion = 'success';
    if (result.conclusion === 'failure') list.failed = true;
  }
  if (step.id) list.stepsContext[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.conclusion };
  return result;
}

function continueOnError(list: StepList, raw: MappingToken, contexts: Contexts): boolean {
  const token = field(raw, 'continue-on-error');
  if (!token) return false;
  const value = evaluateToken(token, contexts, statusOf(list));
  return value === true || value === 'true';
}

/** Milliseconds a step may run: its own timeout-minutes, capped by the job's deadline. */
export function stepTimeoutMs(list: StepList, raw: MappingToken, contexts: Contexts): number {
  const token = field(raw, 'timeout-minutes');
  const minutes = token ? Number(evaluateToken(token, contexts, statusOf(list))) : Infinity;
  const own = Number.isFinite(minutes) ? minutes * list.scope.frame.run.minuteMs : Infinity;
  return Math.max(0, Math.min(own, list.scope.deadline - Date.now()));
}

export { evaluate };
