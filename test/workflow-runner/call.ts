import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReusableWorkflowJob } from '@actions/workflow-parser/model/workflow-template';
import { isMapping, isSequence } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { asString, evaluateStringMap, evaluateToken, type Contexts } from './expressions.js';
import { field, loadWorkflow, rawJob, type LoadedWorkflow } from './load.js';
import { asPermissions, defaultGrant, exceeds, type Grant } from './permissions.js';
import { logLine, type Frame } from './run-state.js';
import type { JobLeg } from './job.js';
import { concurrencyOf, jobContexts } from './job-settings.js';
import { fileProviderFor } from './file-provider.js';
import { parseRemote } from './resolve-uses.js';
import type { JobResult } from './types.js';
import { frameSettings, runFrame } from './workflow.js';

/**
 * A job that calls a reusable workflow: `./` and `$/` paths come from the caller's repository at
 * the caller's commit; `owner/repo/path@ref` from the repository sources. Inputs are typed,
 * defaulted and required as `on.workflow_call.inputs` says; secrets passed or inherited; the called
 * workflow's jobs run as `<caller> / <job>`; its outputs come from `on.workflow_call.outputs`.
 */

export class CallError extends Error {}

function callTarget(frame: Frame, ref: string) {
  if (ref.startsWith('./') || ref.startsWith('$/')) {
    const file = ref.slice(2);
    const callerRef = frame.workflowRef.slice(frame.workflowRef.lastIndexOf('@') + 1);
    return { repo: frame.repo, file, workflowRef: `${frame.repo.name}/${file}@${callerRef}` };
  }
  const remote = parseRemote(ref);
  if (!remote || !remote.path) throw new CallError(`invalid reusable workflow reference '${ref}'`);
  const name = `${remote.owner}/${remote.repo}`;
  const repo = frame.run.repositories.resolve(name, remote.ref);
  return { repo, file: remote.path, workflowRef: `${name}/${remote.path}@${remote.ref}` };
}

/** on.workflow_call as raw tokens (the converter drops outputs and the `number` type); null when absent. */
function workflowCallOf(root: TemplateToken): { definition?: TemplateToken } | null {
  const on = field(root, 'on');
  if (!on) return null;
  if (isMapping(on)) {
    const definition = on.find('workflow_call');
    return definition ? { definition } : [...on].some(({ key }) => String(key) === 'workflow_call') ? {} : null;
  }
  if (isSequence(on)) return [...on].some((item) => String(item) === 'workflow_call') ? {} : null;
  return String(on) === 'workflow_call' ? {} : null;
}

function entries(token: TemplateToken | undefined): [string, TemplateToken][] {
  if (!token || !isMapping(token)) return [];
  return [...token].map(({ key, value }) => [String((key as unknown as { value: string }).value), value]);
}

function typedInput(name: string, type: string, value: unknown): unknown {
  if (type === 'boolean') {
    if (typeof value !== 'boolean')
      throw new CallError(`Input ${name}: unexpected type of value '${asString(value)}', expected type: Boolean.`);
    return value;
  }
  if (type === 'number') {
    if (typeof value !== 'number')
      throw new CallError(`Input ${name}: unexpected type of value '${asString(value)}', expected type: Number.`);
    return value;
  }
  if (typeof value === 'object' && value !== null)
    throw new CallError(`Input ${name}: a ${Array.isArray(value) ? 'sequence' : 'mapping'} was not expected, expected type: String.`);
  return asString(value);
}

function callInputs(definitions: TemplateToken | undefined, given: Record<string, unknown>, contexts: Contexts): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const defined = entries(definitions);
  for (const key of Object.keys(given)) {
    if (!defined.some(([name]) => name.toLowerCase() === key.toLowerCase()))
      throw new CallError(`Invalid input, ${key} is not defined in the referenced workflow.`);
  }
  for (const [name, spec] of defined) {
    const type = asString(evaluateToken(field(spec, 'type'), contexts)) || 'string';
    const provided = Object.entries(given).find(([key]) => key.toLowerCase() === name.toLowerCase());
    if (provided) {
      inputs[name] = typedInput(name, type, provided[1]);
      continue;
    }
    if (evaluateToken(field(spec, 'required'), contexts) === true)
      throw new CallError(`Input ${name} is required, but not provided while calling.`);
    const fallback = field(spec, 'default');
    inputs[name] = fallback
      ? typedInput(name, type, evaluateToken(fallback, { ...contexts, inputs }))
      : type === 'boolean'
        ? false
        : type === 'number'
          ? 0
          : '';
  }
  return inputs;
}

function callSecrets(
  leg: JobLeg,
  job: ReusableWorkflowJob,
  definitions: TemplateToken | undefined,
  contexts: Contexts,
): Record<string, string> {
  if (job['inherit-secrets']) return { ...leg.frame.secrets };
  const given = evaluateStringMap(job['secret-values'], contexts);
  for (const [name, spec] of entries(definitions)) {
    const required = evaluateToken(field(spec, 'required'), contexts) === true;
    if (required && !Object.keys(given).some((key) => key.toLowerCase() === name.toLowerCase())) {
      throw new CallError(`Secret ${name} is required, but not provided while calling.`);
    }
  }
  return given;
}

/** GitHub refuses a call when a nested job (or the called workflow) asks for more than the caller grants. */
function nestedOverreach(workflow: LoadedWorkflow, granted: Grant, contexts: Contexts): string | undefined {
  const top = field(workflow.root, 'permissions');
  const workflowLevel = top ? asPermissions(evaluateToken(top, contexts)) : undefined;
  for (const job of workflow.template.jobs) {
    const own = field(rawJob(workflow, job.id.value), 'permissions');
    const requested = own ? asPermissions(evaluateToken(own, contexts)) : workflowLevel;
    if (requested === undefined) continue;
    const message = exceeds(job.id.value, requested, granted);
    if (message) return message;
  }
  return undefined;
}

export async function runCall(leg: JobLeg, job: ReusableWorkflowJob): Promise<JobResult> {
  const { frame } = leg;
  const run = frame.run;
  const contexts = { ...jobContexts(leg), matrix: leg.matrix, strategy: leg.strategy };
  const permissionsToken = field(leg.raw, 'permissions');
  const callerPermissions = permissionsToken
    ? asPermissions(evaluateToken(permissionsToken, contexts))
    : (frame.permissions ?? frame.callerPermissions);
  const result: JobResult = {
    id: job.id.value,
    path: leg.path,
    name: asString(evaluateToken(job.name, contexts)) || job.id.value,
    result: 'failure',
    outputs: {},
    env: {},
    permissions: callerPermissions,
    concurrency: concurrencyOf(field(leg.raw, 'concurrency'), contexts),
    timeoutMinutes: 0,
    matrix: Object.keys(leg.matrix).length ? leg.matrix : undefined,
    steps: [],
    summary: '',
    annotations: [],
    workflowRef: '',
    workflowSha: '',
    records: [],
  };
  try {
    const target = callTarget(frame, job.ref.value);
    result.workflowRef = target.workflowRef;
    result.workflowSha = target.repo.sha;
    const content = readFileSync(join(target.repo.dir, target.file), 'utf8');
    const workflow = await loadWorkflow({ name: target.file, content }, fileProviderFor(run, target.repo));
    const call = workflowCallOf(workflow.root);
    if (!call) throw new CallError(`${target.workflowRef}: workflow_call key is not defined in the referenced workflow.`);
    const given = (evaluateToken(job['input-values'], contexts) ?? {}) as Record<string, unknown>;
    const inputs = callInputs(field(call.definition, 'inputs'), given, { github: run.github, vars: run.options.vars ?? {} });
    const secrets = callSecrets(leg, job, field(call.definition, 'secrets'), contexts);
    const overreach = nestedOverreach(workflow, callerPermissions ?? defaultGrant(run.options.defaultPermissions), {
      github: run.github,
      inputs,
      vars: run.options.vars ?? {},
    });
    if (overreach) throw new CallError(`Error calling workflow '${target.workflowRef}'. ${overreach}`);
    const partial = { run, workflow, inputs, secrets };
    const called: Frame = {
      ...partial,
      ...frameSettings(partial),
      repo: target.repo,
      file: target.file,
      workflowRef: target.workflowRef,
      pathPrefix: `${leg.path} / `,
      callerPermissions,
      holds: frame.holds,
    };
    const outcome = await runFrame(called);
    const jobsContext = Object.fromEntries(
      Object.entries(outcome.jobResults).map(([id, r]) => [id, { result: r.result, outputs: r.outputs }]),
    );
    const outputContexts = { github: run.github, inputs, vars: run.options.vars ?? {}, secrets, jobs: jobsContext };
    for (const [name, spec] of entries(field(call.definition, 'outputs')))
      result.outputs[name] = asString(evaluateToken(field(spec, 'value'), outputContexts));
    result.result = outcome.conclusion;
    result.called = {
      ...outcome,
      outputs: result.outputs,
      job: (path: string) => findJob(outcome.jobs, path),
      log: '',
    };
  } catch (error) {
    result.reason = (error as Error).message;
    logLine(run, leg.path, `Error: ${result.reason}`);
  }
  run.jobs.push(result);
  return result;
}

export function findJob(jobs: JobResult[], path: string): JobResult {
  const found = jobs.find((j) => j.path === path) ?? jobs.find((j) => j.id === path);
  if (!found) throw new Error(`no job '${path}'; jobs: ${jobs.map((j) => j.path).join(', ')}`);
  return found;
}
