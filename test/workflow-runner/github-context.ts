import type { RunEvent, RunOptions } from './types.js';

/**
 * The `github` context of a run and the GITHUB_* variables derived from it, as GitHub fills them
 * for each event (ref, sha, head_ref/base_ref for pull requests, inputs for workflow_dispatch).
 */

export interface RunIdentity {
  runId: string;
  runNumber: string;
  /** The top-level workflow: github.workflow_ref / workflow_sha name it even inside called workflows. */
  workflowRef: string;
  workflowSha: string;
  workflowName: string;
  sha: string;
  ref: string;
}

export function eventRef(event: RunEvent, defaultBranch: string): string {
  if (event.ref) return event.ref;
  if (event.name === 'pull_request') {
    const number = (event.payload as { number?: number } | undefined)?.number ?? 1;
    return `refs/pull/${number}/merge`;
  }
  return `refs/heads/${defaultBranch}`;
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** The webhook payload; a dispatch's `inputs` are its inputs with defaults applied, as strings (the inputs context keeps booleans). */
export function eventPayload(
  options: RunOptions,
  sha: string,
  ref: string,
  dispatchInputs: Record<string, unknown> = {},
): Record<string, unknown> {
  const [owner, name] = options.repository.name.split('/');
  const repository = {
    full_name: options.repository.name,
    name,
    owner: { login: owner },
    default_branch: options.repository.defaultBranch ?? 'main',
  };
  const event = options.event;
  const base: Record<string, unknown> = { repository, sender: { login: 'octocat' } };
  if (event.name === 'workflow_dispatch') base.inputs = Object.fromEntries(Object.entries(dispatchInputs).map(([k, v]) => [k, String(v)]));
  if (event.name === 'push') Object.assign(base, { ref, after: sha, head_commit: { id: sha } });
  if (event.name === 'schedule') base.schedule = (event as { schedule?: string }).schedule ?? '0 0 * * *';
  return { ...base, ...(event.payload ?? {}) };
}

export function githubContext(options: RunOptions, identity: RunIdentity, payload: Record<string, unknown>): Record<string, unknown> {
  const event = options.event;
  const pr = payload.pull_request as { head?: { ref?: string }; base?: { ref?: string } } | undefined;
  const [owner] = options.repository.name.split('/');
  return {
    action: '',
    action_path: '',
    action_ref: '',
    action_repository: '',
    action_status: '',
    actor: 'octocat',
    actor_id: '583231',
    api_url: options.github?.url ?? 'https://api.github.com',
    base_ref: event.name === 'pull_request' ? (pr?.base?.ref ?? '') : '',
    event: payload,
    event_name: event.name,
    event_path: '',
    graphql_url: `${options.github?.url ?? 'https://api.github.com'}/graphql`,
    head_ref: event.name === 'pull_request' ? (pr?.head?.ref ?? '') : '',
    job: '',
    path: '',
    ref: identity.ref,
    ref_name: event.name === 'pull_request' ? identity.ref.replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge') : refName(identity.ref),
    ref_protected: false,
    ref_type: identity.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    repository: options.repository.name,
    repository_id: '1',
    repository_owner: owner,
    repository_owner_id: '1',
    repositoryUrl: `git://github.com/${options.repository.name}.git`,
    retention_days: '90',
    run_attempt: '1',
    run_id: identity.runId,
    run_number: identity.runNumber,
    secret_source: 'Actions',
    server_url: 'https://github.com',
    sha: identity.sha,
    token: '',
    triggering_actor: 'octocat',
    workflow: identity.workflowName,
    workflow_ref: identity.workflowRef,
    workflow_sha: identity.workflowSha,
    workspace: '',
  };
}

/** GITHUB_* variables for a step, from the github context (GitHub sets these; env cannot override them). */
export function githubEnv(github: Record<string, unknown>): Record<string, string> {
  const s = (key: string) => String(github[key] ?? '');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: s('action'),
    GITHUB_ACTOR: s('actor'),
    GITHUB_ACTOR_ID: s('actor_id'),
    GITHUB_API_URL: s('api_url'),
    GITHUB_BASE_REF: s('base_ref'),
    GITHUB_EVENT_NAME: s('event_name'),
    GITHUB_EVENT_PATH: s('event_path'),
    GITHUB_GRAPHQL_URL: s('graphql_url'),
    GITHUB_HEAD_REF: s('head_ref'),
    GITHUB_JOB: s('job'),
    GITHUB_REF: s('ref'),
    GITHUB_REF_NAME: s('ref_name'),
    GITHUB_REF_PROTECTED: s('ref_protected'),
    GITHUB_REF_TYPE: s('ref_type'),
    GITHUB_REPOSITORY: s('repository'),
    GITHUB_REPOSITORY_ID: s('repository_id'),
    GITHUB_REPOSITORY_OWNER: s('repository_owner'),
    GITHUB_REPOSITORY_OWNER_ID: s('repository_owner_id'),
    GITHUB_RETENTION_DAYS: s('retention_days'),
    GITHUB_RUN_ATTEMPT: s('run_attempt'),
    GITHUB_RUN_ID: s('run_id'),
    GITHUB_RUN_NUMBER: s('run_number'),
    GITHUB_SERVER_URL: s('server_url'),
    GITHUB_SHA: s('sha'),
    GITHUB_TRIGGERING_ACTOR: s('triggering_actor'),
    GITHUB_WORKFLOW: s('workflow'),
    GITHUB_WORKFLOW_REF: s('workflow_ref'),
    GITHUB_WORKFLOW_SHA: s('workflow_sha'),
    GITHUB_WORKSPACE: s('workspace'),
  };
}
