import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import type { ActionRunsComposite, ActionRunsNode } from '@actions/workflow-parser/actions/index';
import { asString, evaluate, evaluateCondition, evaluateStringMap, type Contexts } from './expressions.js';
import { field, loadAction, rawSteps, type LoadedAction } from './load.js';
import { resolveUses } from './resolve-uses.js';
import { processEnv } from './step-env.js';
import { runStepProcess } from './step-effects.js';
import { runStepList, stepTimeoutMs, type StepEnvironment, type StepList } from './steps.js';
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
  const { list, raw, environment, result, runs, dir } = options;
  const { scope } = list;
  const actionEnv = {
    GITHUB_ACTION_PATH: dir,
    GITHUB_ACTION_REPOSITORY: options.repository,
    GITHUB_ACTION_REF: options.ref,
  };
  const launch = async (script: string, state: Record<string, string>, target: StepResult) =>
    runStepProcess({
      list,
      result: target,
      command: process.execPath,
      args: [join(dir, script)],
      env: (files) =>
        processEnv({
          scope,
          env: { ...environment.env, ...inputEnv(options.inputs) },
          github: options.github,
          files,
          extra: { ...actionEnv, ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])) },
        }),
      cwd: scope.workspace,
      timeoutMs: stepTimeoutMs(list, raw, environment.contexts),
    });
  let state: Record<string, string> = {};
  if (runs.pre && evaluateCondition(runs.preIf ?? 'always()', environment.contexts, { success: !list.failed, cancelled: false })) {
    const pre = await launch(runs.pre, {}, result);
    state = pre.state;
    if (pre.conclusion === 'failure') return 'failure';
  }
  const main = await launch(runs.main, state, result);
  state = { ...state, ...main.state };
  if (runs.post) {
    const postTarget: StepResult = { ...result, name: `Post ${result.name}`, outputs: {}, log: '', steps: undefined };
    scope.posts.push({
      name: `Post ${result.name}`,
      condition: runs.postIf ?? 'always()',
      step: result,
      run: async () => {
        const post = await launch(runs.post!, state, postTarget);
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
