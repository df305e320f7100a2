import type { GroupHold } from './concurrency.js';
import type { LoadedWorkflow } from './load.js';
import type { Repositories, ResolvedRepository } from './repositories.js';
import { tempDir } from './temp-dirs.js';
import type { ActionHandler, JobResult, Permissions, RunOptions, StepResult } from './types.js';

/** State shared by every job of one run (nested calls included). */
export interface RunState {
  options: RunOptions;
  repositories: Repositories;
  standIns: Record<string, ActionHandler>;
  /** Root of this run's workspaces and temp dirs. */
  root: string;
  /** Values masked as *** in every log (secrets, add-mask). */
  masks: Set<string>;
  /** Every log line, masked. */
  lines: string[];
  /** Every job decided so far, flattened, in order. */
  jobs: JobResult[];
  github: Record<string, unknown>;
  eventPath: string;
  /** Milliseconds per timeout-minutes minute. */
  minuteMs: number;
  counter: { value: number };
}

/** One workflow file being run: the top-level one or a called one. */
export interface Frame {
  run: RunState;
  workflow: LoadedWorkflow;
  /** Repository (at its commit) holding the workflow file. */
  repo: ResolvedRepository;
  /** Path of the file in it. */
  file: string;
  /** owner/repo/path@ref: job.workflow_ref. */
  workflowRef: string;
  inputs: Record<string, unknown>;
  secrets: Record<string, string>;
  /** `deploy / ` inside a called workflow; '' at the top. */
  pathPrefix: string;
  /** Permissions the caller's job granted (called workflows only). */
  callerPermissions?: Permissions;
  /** Workflow-level env, permissions and defaults.run, evaluated. */
  env: Record<string, string>;
  permissions: Permissions;
  defaults: { shell?: string; workingDirectory?: string };
  /** Concurrency groups this frame and its callers hold: a cancelled one stops the frame. */
  holds?: GroupHold[];
}

/** One job leg while it runs: what steps read and write. */
export interface JobScope {
  frame: Frame;
  path: string;
  jobId: string;
  workspace: string;
  runnerTemp: string;
  /** Workflow + job env, updated by GITHUB_ENV. */
  env: Record<string, string>;
  /** Directories added through GITHUB_PATH (newest first). */
  paths: string[];
  /** Contexts every expression of the job sees (github, vars, secrets, inputs, needs, matrix, strategy, job, runner). */
  contexts: Record<string, unknown>;
  failed: boolean;
  cancelled: boolean;
  /** Post phases to run at job end, in registration order (run in reverse). */
  posts: PostStep[];
  summary: string[];
  annotations: string[];
  result: JobResult;
  defaults: { shell?: string; workingDirectory?: string };
  /** When the job times out (Date.now() scale). */
  deadline: number;
  /** What the job's token may do: its permissions (or the default), capped for a fork's pull request. */
  granted: Permissions;
  /** Claims of the job's OIDC token. */
  oidcClaims: Record<string, string>;
  /** Variables the runner gives every step process but not the env context (ACTIONS_ID_TOKEN_REQUEST_*). */
  runnerEnv: Record<string, string>;
}

export interface PostStep {
  name: string;
  condition: string;
  run(): Promise<{ conclusion: StepResult['conclusion']; log: string }>;
  step: StepResult;
}

export function newRunRoot(): string {
  return tempDir('wfr-run-');
}

export function mask(run: RunState, text: string): string {
  let masked = text;
  for (const secret of [...run.masks].sort((a, b) => b.length - a.length)) {
    if (secret.length > 1) masked = masked.split(secret).join('***');
  }
  return masked;
}

export function addMask(run: RunState, value: string | undefined): void {
  if (!value) return;
  run.masks.add(value);
  for (const line of value.split(/\r?\n/)) if (line.trim()) run.masks.add(line);
}

export function logLine(run: RunState, path: string, line: string): string {
  const masked = mask(run, line);
  run.lines.push(`[${path}] ${masked}`);
  if (run.options.echo) process.stdout.write(`[${path}] ${masked}\n`);
  return masked;
}
