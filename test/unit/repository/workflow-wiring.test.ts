import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The composite action, the reusable workflows and the starter templates call this repository's
 * actions and workflows by name; a renamed input or output would only fail at a user's run. This
 * checks every `with:` key against the callee's declared inputs and every
 * `steps.<id>.outputs.<name>` against the outputs of the action that step uses.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
/**
 * A call to this repository: a template's `ecs-ship/ecs-ship/.github/workflows/x.yml@ref`, or the
 * self-repository form `$/actions/x`, `$/.github/actions/x` (this repository at the running commit).
 */
const OWN = /^(?:ecs-ship\/ecs-ship\/(\.github\/workflows\/[a-z-]+\.yml)@.+|\$\/((?:\.github\/)?actions\/[a-z-]+))$/;
const ownTarget = (uses: string) => {
  const match = OWN.exec(uses)!;
  return match[1] ?? match[2];
};
const COMPOSITES = ['action.yml', ...readdirSync(join(ROOT, '.github/actions')).map((name) => join('.github/actions', name, 'action.yml'))];

const load = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8'));

interface Interface {
  inputs: string[];
  /** Inputs without a default that the callee declares required. */
  required: string[];
  outputs: string[];
}

function declared(inputs: Record<string, { required?: boolean; default?: unknown }> = {}, outputs: object = {}): Interface {
  const required = Object.entries(inputs).filter(([, spec]) => spec?.required === true && spec.default === undefined);
  return { inputs: Object.keys(inputs), required: required.map(([name]) => name), outputs: Object.keys(outputs) };
}

function calleeInterface(uses: string): Interface {
  const target = ownTarget(uses);
  if (!target.endsWith('.yml')) {
    const meta = load(join(target, 'action.yml'));
    return declared(meta.inputs, meta.outputs);
  }
  const call = load(target).on.workflow_call;
  return declared(call.inputs, call.outputs);
}

interface Caller {
  file: string;
  steps: Array<{ id?: string; uses?: string; with?: Record<string, unknown> }>;
}

function callers(): Caller[] {
  const result: Caller[] = COMPOSITES.map((file) => ({ file, steps: load(file).runs.steps }));
  for (const dir of ['.github/workflows', 'workflows-templates']) {
    for (const name of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.yml'))) {
      const file = join(dir, name);
      for (const job of Object.values<any>(load(file).jobs)) {
        result.push({ file, steps: job.uses ? [{ uses: job.uses, with: job.with }] : (job.steps ?? []) });
      }
    }
  }
  return result;
}

const problems = (): string[] => {
  const found: string[] = [];
  for (const { file, steps } of callers()) {
    const outputsById = new Map<string, string[]>();
    for (const step of steps) {
      if (!step.uses || !OWN.test(step.uses)) continue;
      const callee = calleeInterface(step.uses);
      if (step.id) outputsById.set(step.id, callee.outputs);
      for (const key of Object.keys(step.with ?? {})) {
        if (!callee.inputs.includes(key)) found.push(`${file}: ${step.uses} has no input "${key}"`);
      }
      for (const key of callee.required) {
        if (!(key in (step.with ?? {}))) found.push(`${file}: ${step.uses} needs its required input "${key}"`);
      }
    }
    const text = JSON.stringify(steps) + (COMPOSITES.includes(file) ? JSON.stringify(load(file).outputs) : '');
    for (const [, id, output] of text.matchAll(/steps\.([a-z-]+)\.outputs\.([a-z-]+)/g)) {
      const outputs = outputsById.get(id);
      if (outputs && !outputs.includes(output)) found.push(`${file}: step "${id}" has no output "${output}"`);
    }
  }
  return found;
};

/**
 * `inputs.<name>` in the composite action and the reusable workflows names a declared input (actionlint
 * does not read action.yml), and `needs.<job>.outputs.<name>` an output the job declares.
 */
const unknownReferences = (): string[] => {
  const found: string[] = [];
  const files: Array<{ file: string; doc: any; inputs: string[] }> = COMPOSITES.map((file) => ({
    file,
    doc: load(file),
    inputs: Object.keys(load(file).inputs ?? {}),
  }));
  for (const dir of ['.github/workflows', 'workflows-templates']) {
    for (const name of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.yml'))) {
      const doc = load(join(dir, name));
      const on = doc.on ?? {};
      const inputs = Object.keys({ ...on.workflow_call?.inputs, ...on.workflow_dispatch?.inputs });
      files.push({ file: join(dir, name), doc, inputs });
    }
  }
  for (const { file, doc, inputs } of files) {
    const { on: _trigger, ...body } = doc;
    const text = JSON.stringify(body);
    for (const [, name] of text.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) {
      if (!inputs.includes(name)) found.push(`${file}: inputs.${name} is not declared`);
    }
    const jobs: Record<string, any> = doc.jobs ?? {};
    for (const [, job, output] of text.matchAll(/\bneeds\.([a-z0-9_-]+)\.outputs\.([a-z0-9_-]+)/g)) {
      const callee =
        jobs[job]?.uses && OWN.test(jobs[job].uses) ? calleeInterface(jobs[job].uses).outputs : Object.keys(jobs[job]?.outputs ?? {});
      if (!callee.includes(output)) found.push(`${file}: job "${job}" has no output "${output}"`);
    }
  }
  return found;
};

test('inputs and job outputs referenced in the composite action and the workflows are declared', () => {
  expect(unknownReferences()).toEqual([]);
});

test('every call to an action or workflow of this repository uses declared inputs and outputs', () => {
  expect(existsSync(join(ROOT, 'action.yml'))).toBe(true);
  expect(
    callers()
      .flatMap((c) => c.steps)
      .filter((s) => s.uses && OWN.test(s.uses)).length,
  ).toBeGreaterThan(5);
  expect(problems()).toEqual([]);
});

/**
 * Same-commit actions: inside the reusable workflows and the composite actions, the toolkit's own
 * actions are `$/...` references (this repository at the commit being run), never a name@ref that
 * would run another version of them; a template may call the reusable workflows by name@ref.
 */
test("the workflows and composites reference the toolkit's actions at their own commit ($/)", () => {
  const found: string[] = [];
  const selfRefs: string[] = [];
  for (const { file, steps } of callers()) {
    for (const step of steps) {
      if (!step.uses) continue;
      if (/^ecs-ship\/ecs-ship\/(actions\/|action\.yml|@)/.test(step.uses) || /^ecs-ship\/ecs-ship@/.test(step.uses))
        found.push(`${file}: ${step.uses}`);
      if (step.uses.startsWith('./')) found.push(`${file}: ${step.uses} (relative to the caller's workspace, not this repository)`);
      if (step.uses.startsWith('$/')) selfRefs.push(step.uses);
      if (step.uses.startsWith('ecs-ship/ecs-ship/.github/workflows/') && !file.startsWith('workflows-templates/'))
        found.push(`${file}: ${step.uses}`);
    }
  }
  expect(found).toEqual([]);
  expect(new Set(selfRefs)).toEqual(
    new Set([
      '$/actions/ecr-login',
      '$/actions/build-push',
      '$/actions/render-taskdef',
      '$/actions/run-migration',
      '$/actions/deploy-service',
      '$/actions/sync-schedules',
      '$/actions/route-canary',
      '$/actions/preview',
      '$/.github/actions/plan',
      '$/.github/actions/github-deployment',
      '$/.github/actions/existing-image',
    ]),
  );
});
