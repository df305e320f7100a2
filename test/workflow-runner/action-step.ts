import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import type { ActionRunsComposite, ActionRunsNode } from '@actions/workflow-parser/actions/index';
import { asString, evaluate, evaluateCondition, evaluateStringMap, type Contexts } from './expressions.js';
import { field, loadAction, rawSteps, type LoadedAction } from './load.js';
import { resolveUses } from './resolve-uses.js';
import { processEnv } from './step-env.js';
import { runStepProcess } from './step-effects.js';
import { contextsFor, runStepList, stepTimeoutMs, type StepEnvironment, type StepList } from './steps.js';
import { logLine } from './run-state.js';
import { runStandIn } from './stand-in-step.js';
import type { Conclusion, StepResult } from './types.js';

export interface ActionStepOptions {
  list: StepList;
  raw: MappingToken;
  uses: string;
  environment: StepEnvironment;
  result: StepResult;
}

const actionCache = new Map<string, LoadedAction>();

function loadActionAt(dir: string): LoadedAction {
  const file = ['action.yml', 'action.yaml'].map((name) => join(dir, name)).find((path) => existsSync(path))!;
  const cached = actionCache.get(file);
  if (cached) return cached;
  const loaded = loadAction(file);
  actionCache.set(file, loaded);
  return loaded;
}

/** `with:` values plus the action.yml defaults (evaluated), as INPUT_* sees them. */
function actionInputs(action: LoadedAction, given: Record<string, string>, contexts: Contexts, list: StepList): Record<string, string> {
  const inputs: Record<string, string> = {};
  const declared = action.template.inputs ?? [];
  for (const input of declared) {
    const provided = Object.entries(given).find(([key]) => key.toLowerCase() === input.id.toLowerCase());
    if (provided) inputs[input.id] = provided[1];
    else if (input.default !== undefined) {
      inputs[input.id] = input.default.isExpression
        ? asString(evaluate((input.default as unknown as { expression: string }).expression, contexts))
        : asString((input.default as unknown as { value: unknown }).value);
    }
  }
  const unexpected = Object.keys(given).filter((key) => !declared.some((input) => input.id.toLowerCase() === key.toLowerCase()));
  if (unexpected.length) {
    list.scope.annotations.push(
      `warning: Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.map((i) => i.id).join("', '")}']`,
    );
    for (const key of unexpected) inputs[key] = given[key];
  }
  return inputs;
}

const inputEnv = (inputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(inputs).map(([key, value]) => [`INPUT_${key.replace(/ /g, '_').toUpperCase()}`, value]));

export async function runActionStep(options: ActionStepOptions): Promise<Conclusion> {
  const { list, raw, uses, environment } = options;
  const resolved = resolveUses(list.scope, uses, list.self);
  const given = evaluateStringMap(field(raw, 'with'), environment.contexts, {
    success: true,
    cancelled: false,
    workspace: list.scope.workspace,
  });
  if (resolved.kind === 'stand-in') return runStandIn({ ...options, name: resolved.name, handler: resolved.handler, inputs: given });
  const action = loadActionAt(resolved.dir);
  const runs = action.template.runs;
  const github = { ...environment.github, action_path: resolved.dir, action_repository: resolved.repository, action_ref: resolved.ref };
  const contexts = { ...environment.contexts, github };
  const inputs = actionInputs(action, given, contexts, list);
  if (runs.using === 'composite') {
    return runComposite({ ...options, action, runs, inputs, dir: resolved.dir, self: resolved.self, contexts });
  }
  if (runs.using === 'docker') throw new Error(`Docker actions are not supported by the test runner: ${uses}`);
  return runNode({ ...options, runs, inputs, dir: resolved.dir, github, repository: resolved.repository, ref: resolved.ref });
}

interface NodeLaunch {
  list: StepList;
  raw: MappingToken;
  env: Record<string, string>;
  contexts: Contexts;
  inputs: Record<string, string>;
  github: Record<string, unknown>;
  dir: string;
  repository: string;
  ref: string;
}

/** One phase (pre, main, post) of a JavaScript action: `node <dir>/<script>` with INPUT_* and STATE_*. */
function launchNode(launch: NodeLaunch, script: string, state: Record<string, string>, target: StepResult) {
  const { scope } = launch.list;
  return runStepProcess({
    list: launch.list,
    result: target,
    command: process.execPath,
    args: [join(launch.dir, script)],
    env: (files) =>
      processEnv({
        scope,
        env: { ...launch.env, ...inputEnv(launch.inputs) },
        github: launch.github,
        files,
        extra: {
          GITHUB_ACTION_PATH: launch.dir,
          GITHUB_ACTION_REPOSITORY: launch.repository,
          GITHUB_ACTION_REF: launch.ref,
          ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
        },
      }),
    cwd: scope.workspace,
    timeoutMs: stepTimeoutMs(launch.list, launch.raw, launch.contexts),
  });
}

/**
 * The runner runs the `pre` of every repository action of the job (not `./` ones) when the job
 * starts, before any step, under `pre-if` (default always()); main and post then see its state.
 */
export async function runPreSteps(list: StepList): Promise<void> {
  list.pre = new Map();
  for (const [index, step] of list.steps.entries()) {
    if (!('uses' in step) || step.uses.value.startsWith('./')) continue;
    let resolved: ReturnType<typeof resolveUses>;
    try {
      resolved = resolveUses(list.scope, step.uses.value, list.self);
    } catch {
      continue; // the main step reports it
    }
    if (resolved.kind !== 'action') continue;
    const action = loadActionAt(resolved.dir);
    const runs = action.template.runs;
    if (runs.using !== 'node12' && runs.using !== 'node16' && runs.using !== 'node20' && runs.using !== 'node24') continue;
    if (!runs.pre) continue;
    const raw = list.raw[index];
    const env = { ...list.scope.env, ...evaluateStringMap(field(raw, 'env'), contextsFor(list, list.scope.env, step.id)) };
    const github = { ...(contextsFor(list, env, step.id).github as Record<string, unknown>), action_path: resolved.dir };
    const contexts = { ...contextsFor(list, env, step.id), github };
    const status = { success: !list.failed, cancelled: list.scope.cancelled, workspace: list.scope.workspace };
    if (!evaluateCondition(runs.preIf ?? 'always()', contexts, status)) continue;
    const inputs = actionInputs(action, evaluateStringMap(field(raw, 'with'), contexts, status), contexts, list);
    const target: StepResult = {
      id: step.id,
      name: `Pre ${step.uses.value}`,
      outcome: 'success',
      conclusion: 'success',
      outputs: {},
      log: '',
    };
    logLine(list.scope.frame.run, list.label, `▶ Pre ${step.uses.value}`);
    const launch = { list, raw, env, contexts, inputs, github, dir: resolved.dir, repository: resolved.repository, ref: resolved.ref };
    const pre = await launchNode(launch, runs.pre, {}, target);
    list.pre.set(raw, { state: pre.state, conclusion: pre.conclusion, log: target.log });
    if (pre.conclusion === 'failure') list.failed = true;
  }
}

async function runNode(
  options: ActionStepOptions & {
    runs: ActionRunsNode;
    inputs: Record<string, string>;
    dir: string;
    github: Record<string, unknown>;
    repository: string;
    ref: string;
  },
): Promise<Conclusion> {
  const { list, raw, environment, result, runs, dir, uses } = options;
  const { scope } = list;
  const launch: NodeLaunch = {
    list,
    raw,
    env: environment.env,
    contexts: environment.contexts,
    inputs: options.inputs,
    github: options.github,
    dir,
    repository: options.repository,
    ref: options.ref,
  };
  let state: Record<string, string> = {};
  const ranAtStart = list.pre?.get(raw);
  if (ranAtStart) {
    state = ranAtStart.state;
    result.pre = { conclusion: ranAtStart.conclusion, log: ranAtStart.log };
  } else if (runs.pre && uses.startsWith('./')) {
    scope.annotations.push(`warning: \`pre\` execution is not supported for local action from '${uses}'`);
  } else if (
    runs.pre &&
    !list.pre &&
    evaluateCondition(runs.preIf ?? 'always()', environment.contexts, { success: !list.failed, cancelled: false })
  ) {
    // Inside a composite: the nested action's pre runs right before its main.
    const pre = await launchNode(launch, runs.pre, {}, result);
    state = pre.state;
    if (pre.conclusion === 'failure') return 'failure';
  }
  const main = await launchNode(launch, runs.main, state, result);
  state = { ...state, ...main.state };
  if (runs.post) {
    const postTarget: StepResult = { ...result, name: `Post ${result.name}`, outputs: {}, log: '', steps: undefined };
    scope.posts.push({
      name: `Post ${result.name}`,
      condition: runs.postIf ?? 'always()',
      step: result,
      run: async () => {
        const post = await launchNode(launch, runs.post!, state, postTarget);
        return { conclusion: post.conclusion, log: postTarget.log };
      },
    });
  }
  return main.conclusion;
}

async function runComposite(
  options: ActionStepOptions & {
    action: LoadedAction;
    runs: ActionRunsComposite;
    inputs: Record<string, string>;
    dir: string;
    self: { name: string; ref: string };
    contexts: Contexts;
  },
): Promise<Conclusion> {
  const { list, result, action, runs, dir } = options;
  const nested: StepList = {
    scope: list.scope,
    steps: runs.steps,
    raw: rawSteps(field(action.root, 'runs')),
    extra: { inputs: options.inputs },
    stepsContext: {},
    self: options.self,
    envOverlay: { ...options.environment.env },
    actionPath: dir,
    failed: false,
    label: `${list.label} > ${result.id}`,
  };
  result.steps = await runStepList(nested);
  const outputContexts = { ...options.contexts, inputs: options.inputs, steps: nested.stepsContext };
  for (const output of action.template.outputs ?? []) {
    if (!output.value) continue;
    const value = output.value.isExpression
      ? evaluate((output.value as unknown as { expression: string }).expression, outputContexts)
      : (output.value as unknown as { value: unknown }).value;
    result.outputs[output.id] = asString(value);
  }
  return nested.failed ? 'failure' : 'success';
}
