import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/** The repository's workflow, template and composite-action files, for the lint and security tests. */
export const ROOT = join(import.meta.dirname, '..', '..', '..');

export const load = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8'));

const yamlIn = (dir: string) =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f))
    : [];

/** Workflows (.github/workflows) and starter templates (workflows-templates). */
export const workflowFiles = () => [...yamlIn('.github/workflows'), ...yamlIn('workflows-templates')];

/** The root composite action and the internal composites under .github/actions. */
export function compositeFiles(): string[] {
  const internal = existsSync(join(ROOT, '.github/actions'))
    ? readdirSync(join(ROOT, '.github/actions')).map((name) => join('.github/actions', name, 'action.yml'))
    : [];
  return ['action.yml', ...internal].filter((file) => existsSync(join(ROOT, file)));
}

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface StepsOf {
  file: string;
  /** `jobs.<id>` for a workflow job, `runs` for a composite action. */
  where: string;
  job?: Record<string, any>;
  steps: Step[];
}

/** Every list of steps: each job of each workflow and template, and each composite action. */
export function allSteps(): StepsOf[] {
  const result: StepsOf[] = [];
  for (const file of workflowFiles()) {
    for (const [id, job] of Object.entries<any>(load(file).jobs ?? {})) {
      result.push({ file, where: `jobs.${id}`, job, steps: job.steps ?? [] });
    }
  }
  for (const file of compositeFiles()) result.push({ file, where: 'runs', steps: load(file).runs?.steps ?? [] });
  return result;
}

/** Every `run:` script, named file:where:step. */
export function runScripts(): Array<{ name: string; script: string }> {
  return allSteps().flatMap(({ file, where, steps }) =>
    steps
      .map((step, index) => ({ step, index }))
      .filter(({ step }) => typeof step.run === 'string')
      .map(({ step, index }) => ({ name: `${file}:${where}.steps[${step.id ?? step.name ?? index}]`, script: step.run! })),
  );
}

/** Shell scripts the workflows and composite actions run (.github/**\/*.sh). */
export function shellScriptFiles(): string[] {
  const dir = join(ROOT, '.github');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.sh'))
    .map((file) => relative(ROOT, join(dir, file)));
}
