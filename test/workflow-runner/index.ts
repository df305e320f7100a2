import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { asString, deepFreeze, evaluateToken } from './expressions.js';
import { fileProviderFor } from './file-provider.js';
import { eventPayload, eventRef, githubContext } from './github-context.js';
import { field, loadWorkflow, type LoadedWorkflow } from './load.js';
import { Repositories } from './repositories.js';
import { newRunRoot, type Frame, type RunState } from './run-state.js';
import { defaultStandIns } from './stand-ins/index.js';
import { findJob } from './call.js';
import type { RunOptions, RunResult } from './types.js';
import { frameSettings, runFrame } from './workflow.js';

export type * from './types.js';
export { WorkflowSchemaError } from './load.js';
export { createFixtureRepo, commitFiles } from './fixture-repo.js';
export { groupState } from './concurrency.js';

/**
 * Runs a workflow file as GitHub would for `options.event`, jobs one at a time. See README.md.
 * Throws WorkflowSchemaError when GitHub's parser rejects the file (or a called workflow, or the
 * `with:`/`secrets:` of a call), and Error when the workflow does not run on that event.
 */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
  const repositories = new Repositories({ [options.repository.name]: options.repository.source, ...(options.repositories ?? {}) });
  const defaultBranch = options.repository.defaultBranch ?? 'main';
  if ('git' in options.repository.source)
    options.github?.addRepository?.(options.repository.name, options.repository.source.git, defaultBranch);
  const ref = eventRef(options.event, defaultBranch);
  const sha = options.event.sha ?? resolveSha(repositories, options.repository.name, ref, defaultBranch);
  const repo = repositories.resolve(options.repository.name, sha);
  const content = readFileSync(join(repo.dir, options.workflow), 'utf8');
  const state: RunState = {
    options,
    repositories,
    standIns: {},
    root: newRunRoot(),
    masks: new Set(Object.values(options.secrets ?? {}).filter(Boolean)),
    lines: [],
    jobs: [],
    github: {},
    eventPath: '',
    minuteMs: options.minuteMs ?? 60_000,
    counter: { value: 0 },
  };
  state.standIns = { ...defaultStandIns(() => state), ...(options.actions ?? {}) };
  const workflow = await loadWorkflow({ name: options.workflow, content }, fileProviderFor(state, repo));
  checkTrigger(workflow, options.event.name);
  const inputs = dispatchInputs(workflow, options);
  const payload = deepFreeze(structuredClone(eventPayload(options, sha, ref, inputs)));
  const workflowName = asString(evaluateToken(field(workflow.root, 'name'), {})) || options.workflow;
  state.github = githubContext(
    options,
    {
      runId: String(randomInt(1_000_000, 9_999_999)),
      runNumber: '1',
      workflowRef: `${options.repository.name}/${options.workflow}@${ref}`,
      workflowSha: sha,
      workflowName,
      sha,
      ref,
    },
    payload,
  );
  const partial = { run: state, workflow, inputs, secrets: { ...(options.secrets ?? {}) } };
  const frame: Frame = {
    ...partial,
    ...frameSettings(partial),
    repo,
    file: options.workflow,
    workflowRef: `${options.repository.name}/${options.workflow}@${ref}`,
    pathPrefix: '',
  };
  const outcome = await runFrame(frame);
  return {
    conclusion: outcome.conclusion,
    jobs: state.jobs,
    outputs: {},
    concurrency: outcome.concurrency,
    permissions: outcome.permissions,
    job: (path: string) => findJob(state.jobs, path),
    log: state.lines.join('\n'),
  };
}

function resolveSha(repositories: Repositories, name: string, ref: string, defaultBranch: string): string {
  const source = repositories.sourceOf(name)?.[1];
  if (source && 'git' in source) {
    const candidate = ref.startsWith('refs/pull/') ? defaultBranch : ref;
    return repositories.resolve(name, candidate).sha;
  }
  return repositories.resolve(name, ref).sha;
}

function checkTrigger(workflow: LoadedWorkflow, event: string): void {
  const events = Object.keys(workflow.template.events ?? {});
  if (!events.includes(event)) throw new Error(`${workflow.file} does not run on ${event} (on: ${events.join(', ')})`);
}

/** workflow_dispatch inputs with their defaults and types, checked as GitHub checks a dispatch. */
function dispatchInputs(workflow: LoadedWorkflow, options: RunOptions): Record<string, unknown> {
  if (options.event.name !== 'workflow_dispatch') return {};
  const given = ('inputs' in options.event ? options.event.inputs : undefined) ?? {};
  const definitions = workflow.template.events.workflow_dispatch?.inputs ?? {};
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!(key in definitions)) throw new Error(`Unexpected inputs provided: ["${key}"]`);
  }
  for (const [name, definition] of Object.entries(definitions)) {
    const value = given[name] ?? definition.default;
    if (value === undefined || value === '') {
      if (definition.required) throw new Error(`Required input '${name}' not provided`);
      inputs[name] = definition.type === 'boolean' ? false : '';
      continue;
    }
    if (definition.type === 'choice' && !definition.options?.includes(String(value))) {
      throw new Error(`Provided value '${value}' for input '${name}' not in the list of allowed values`);
    }
    inputs[name] = definition.type === 'boolean' ? value === true || value === 'true' : String(value);
  }
  return inputs;
}
