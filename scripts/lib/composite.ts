import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Job, ROOT, type StepResult } from './job.js';

/**
 * Runs the root composite action (action.yml) the way the runner runs a composite: inputs with
 * their defaults, each step's `if`, its `with` values with `${{ inputs.* }}` and
 * `${{ steps.<id>.outputs.* }}` filled in, the step's bundle from this checkout in place of
 * `$/actions/<name>` (this repository at the composite's own commit), a stop at the first failing step, post steps at the end,
 * and the composite's outputs. Only the expression forms action.yml uses are understood; any
 * other fails loudly, so a new form in action.yml needs this runner to learn it first.
 */

interface CompositeStep {
  id?: string;
  if?: string;
  uses: string;
  with?: Record<string, string>;
}

export interface CompositeRun {
  ok: boolean;
  steps: StepResult[];
  /** Steps skipped by their `if`. */
  skipped: string[];
  outputs: Record<string, string>;
}

const OWN_ACTION = /^\$\/actions\/([a-z-]+)$/;
const EXPRESSION = /\$\{\{\s*([^}]+?)\s*\}\}/g;

export async function runComposite(job: Job, given: Record<string, string>): Promise<CompositeRun> {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  const inputs = resolveInputs(action.inputs ?? {}, given);
  const steps: StepResult[] = [];
  const skipped: string[] = [];
  let ok = true;
  for (const [index, step] of (action.runs.steps as CompositeStep[]).entries()) {
    const id = step.id ?? `step-${index}`;
    if (step.if && !condition(step.if, inputs)) {
      skipped.push(id);
      continue;
    }
    const name = OWN_ACTION.exec(step.uses)?.[1];
    if (!name) throw new Error(`action.yml step ${id} uses ${step.uses}, which this runner cannot run`);
    const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), inputs, job)]));
    const result = await job.run({ id, name: `${name} (${id})`, action: name, inputs: withValues });
    steps.push(result);
    if (result.status !== 'ok') {
      ok = false;
      break;
    }
  }
  steps.push(...(await job.runPosts()));
  const outputs = Object.fromEntries(
    Object.entries<{ value: string }>(action.outputs ?? {}).map(([name, spec]) => [name, substitute(spec.value, inputs, job)]),
  );
  return { ok, steps, skipped, outputs };
}

function resolveInputs(declared: Record<string, { required?: boolean; default?: string }>, given: Record<string, string>) {
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length) throw new Error(`action.yml has no input ${unknown.join(', ')}`);
  return Object.fromEntries(Object.entries(declared).map(([name, spec]) => [name, given[name] ?? spec.default ?? '']));
}

function value(expression: string, inputs: Record<string, string>, job: Job): string {
  const input = /^inputs\.([a-z0-9-]+)$/.exec(expression);
  if (input) return inputs[input[1]] ?? '';
  const output = /^steps\.([a-z0-9-]+)\.outputs\.([a-z0-9-]+)$/.exec(expression);
  if (output) return job.outputs[output[1]]?.[output[2]] ?? '';
  throw new Error(`action.yml uses the expression "${expression}", which this runner does not understand`);
}

function substitute(text: string, inputs: Record<string, string>, job: Job): string {
  return text.replace(EXPRESSION, (_, expression: string) => value(expression.trim(), inputs, job));
}

/** `inputs.x != ''` and `inputs.x == ''`, the conditions action.yml uses. */
function condition(text: string, inputs: Record<string, string>): boolean {
  const match = /^(?:\$\{\{\s*)?inputs\.([a-z0-9-]+)\s*(==|!=)\s*''(?:\s*\}\})?$/.exec(text.trim());
  if (!match) throw new Error(`action.yml uses the condition "${text}", which this runner does not understand`);
  const empty = (inputs[match[1]] ?? '') === '';
  return match[2] === '==' ? empty : !empty;
}
