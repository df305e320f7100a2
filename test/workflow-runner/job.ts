import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import { asString, evaluateStringMap, evaluateToken, type Contexts } from './expressions.js';
import { field, rawSteps } from './load.js';
import { oidcClaims } from './oidc-claims.js';
import { asPermissions, defaultGrant, grants } from './permissions.js';
import { addMask, logLine, mask, type Frame, type JobScope } from './run-state.js';
import { runStepList, type StepList } from './steps.js';
import { runPreSteps } from './action-step.js';
import { concurrencyOf, environmentOf, idTokenEnv, jobContexts } from './job-settings.js';
import { runPostSteps } from './post-steps.js';
import { refusal } from './environment-rules.js';
import { startServices, type StartedServices } from './services.js';
import { forkGrant, fromFork } from './fork.js';
import { cancelledBy } from './concurrency.js';
import type { JobResult } from './types.js';

/**
 * One job (one matrix leg) on a fresh runner: its own workspace and RUNNER_TEMP, the job's env,
 * permissions, environment (approval simulated), concurrency and timeout recorded, steps in order,
 * post steps in reverse, then outputs and the environment URL.
 */
export interface JobLeg {
  frame: Frame;
  job: Job;
  raw: MappingToken;
  path: string;
  /** needs.<id>.result/outputs of the direct dependencies. */
  needs: Record<string, { result: string; outputs: Record<string, string> }>;
  matrix: Record<string, unknown>;
  strategy: Record<string, unknown>;
}

const DEFAULT_TIMEOUT_MINUTES = 360;

export async function runJobLeg(leg: JobLeg): Promise<JobResult> {
  const { frame, job, raw } = leg;
  const run = frame.run;
  const base = jobContexts(leg);
  const environment = environmentOf(field(raw, 'environment'), base);
  const settings = environment ? (run.options.environments?.[environment.name] ?? {}) : {};
  // A fork's pull request gets no secrets (GITHUB_TOKEN aside).
  const secrets = fromFork(run.github) ? {} : { ...frame.secrets, ...(settings.secrets ?? {}) };
  const vars = { ...(run.options.vars ?? {}), ...(settings.vars ?? {}) };
  const permissionsToken = field(raw, 'permissions');
  const permissions = permissionsToken
    ? asPermissions(evaluateToken(permissionsToken, base))
    : (frame.permissions ?? frame.callerPermissions);
  const timeoutMinutes = Number(evaluateToken(field(raw, 'timeout-minutes'), { ...base, vars }) ?? DEFAULT_TIMEOUT_MINUTES);
  const result: JobResult = {
    id: job.id.value,
    path: leg.path,
    name: asString(evaluateToken(job.name, { ...base, vars })) || job.id.value,
    result: 'success',
    outputs: {},
    env: {},
    permissions,
    environment: environment ? { name: environment.name } : undefined,
    concurrency: concurrencyOf(field(raw, 'concurrency'), { ...base, vars }),
    timeoutMinutes,
    runsOn: evaluateToken(field(raw, 'runs-on'), { ...base, vars }),
    matrix: Object.keys(leg.matrix).length ? leg.matrix : undefined,
    steps: [],
    summary: '',
    annotations: [],
    workflowRef: frame.workflowRef,
    workflowSha: frame.repo.sha,
    records: [],
  };
  const refused = environment ? refusal(environment.name, settings, String(run.github.ref)) : undefined;
  if (refused) {
    result.result = 'failure';
    result.reason = refused;
    logLine(run, leg.path, refused);
    return result;
  }
  let services: StartedServices;
  try {
    services = await startServices(raw, { ...base, vars, secrets }, run.options, leg.path);
  } catch (error) {
    result.result = 'failure';
    result.reason = (error as Error).message;
    logLine(run, leg.path, `Error: ${result.reason}`);
    return result;
  }
  result.services = Object.keys(services.specs).length ? services.specs : undefined;
  try {
    return await runStarted(leg, result, { environment, secrets, vars, services, base, timeoutMinutes, permissions });
  } finally {
    await services.stop();
  }
}

async function runStarted(
  leg: JobLeg,
  result: JobResult,
  started: {
    environment: { name: string } | undefined;
    secrets: Record<string, string>;
    vars: Record<string, string>;
    services: StartedServices;
    base: Contexts;
    timeoutMinutes: number;
    permissions: JobResult['permissions'];
  },
): Promise<JobResult> {
  const { frame, job, raw } = leg;
  const run = frame.run;
  const { environment, secrets, vars, base, timeoutMinutes, permissions } = started;
  const asked = permissions ?? defaultGrant(run.options.defaultPermissions);
  const granted = fromFork(run.github) ? forkGrant(asked) : asked;
  const number = ++run.counter.value;
  const workspace = join(run.root, `work-${number}`, String(run.github.repository).split('/')[1] ?? 'repo');
  const runnerTemp = join(run.root, `temp-${number}`);
  mkdirSync(workspace, { recursive: true });
  mkdirSync(join(runnerTemp, '_runner_file_commands'), { recursive: true });
  const token =
    run.options.github?.issueToken({ repository: String(run.github.repository), permissions: granted, job: leg.path }) ??
    `ghs_${randomBytes(18).toString('hex')}`;
  addMask(run, token);
  for (const value of Object.values(secrets)) addMask(run, value);
  const claims = oidcClaims(frame, environment?.name);
  const eventPath = join(runnerTemp, '_github_workflow', 'event.json');
  mkdirSync(join(runnerTemp, '_github_workflow'), { recursive: true });
  writeFileSync(eventPath, JSON.stringify(run.github.event));
  const github = { ...(base.github as object), token, workspace, event_path: eventPath };
  const jobContext = {
    status: 'success',
    workflow_ref: frame.workflowRef,
    workflow_sha: frame.repo.sha,
    workflow_repository: frame.repo.name,
    workflow_file_path: frame.file,
    check_run_id: number,
    container: { network: '' },
    services: started.services.context,
  };
  const contexts: Contexts = {
    ...base,
    github,
    vars,
    secrets: { ...secrets, GITHUB_TOKEN: token },
    job: jobContext,
    runner: {
      os: 'Linux',
      arch: 'X64',
      name: 'GitHub Actions 1',
      environment: 'github-hosted',
      temp: runnerTemp,
      tool_cache: join(run.root, 'toolcache'),
      debug: '',
    },
  };
  const env = { ...frame.env, ...evaluateStringMap(field(raw, 'env'), contexts) };
  result.env = { ...env };
  const oidcEnv = grants(granted, 'id-token', 'write') ? idTokenEnv(leg, claims) : {};
  const defaultsRun = evaluateToken(field(field(raw, 'defaults'), 'run'), contexts) as
    { shell?: string; 'working-directory'?: string } | undefined;
  const scope: JobScope = {
    frame,
    path: leg.path,
    jobId: job.id.value,
    workspace,
    runnerTemp,
    env: { ...env },
    runnerEnv: oidcEnv,
    paths: [],
    contexts,
    failed: false,
    cancelled: false,
    posts: [],
    summary: [],
    annotations: [],
    result,
    defaults: {
      shell: defaultsRun?.shell ?? frame.defaults.shell,
      workingDirectory: defaultsRun?.['working-directory'] ?? frame.defaults.workingDirectory,
    },
    deadline: Date.now() + timeoutMinutes * run.minuteMs,
    granted,
    oidcClaims: claims,
  };
  const list: StepList = {
    scope,
    steps: job.steps,
    raw: rawSteps(raw),
    extra: {},
    stepsContext: {},
    self: { name: frame.repo.name, ref: frame.repo.sha },
    envOverlay: {},
    failed: false,
    label: leg.path,
  };
  run.options.github?.setCheck?.(String(run.github.sha), leg.path, 'pending');
  await runPreSteps(list);
  result.steps = await runStepList(list);
  scope.failed = list.failed;
  if (Date.now() > scope.deadline) {
    scope.failed = true;
    result.reason = `The job running on runner GitHub Actions 1 has exceeded the maximum execution time of ${timeoutMinutes} minutes.`;
    logLine(run, leg.path, result.reason);
  }
  await runPostSteps(scope, list);
  const finalContexts = {
    ...contexts,
    env: scope.env,
    steps: list.stepsContext,
    job: { ...jobContext, status: scope.failed ? 'failure' : 'success' },
  };
  try {
    result.outputs = keptOutputs(scope, evaluateStringMap(job.outputs, finalContexts));
  } catch (error) {
    logLine(run, leg.path, `Error: Fail to evaluate job outputs: ${(error as Error).message}`);
    scope.failed = true;
  }
  const url = field(field(raw, 'environment'), 'url');
  if (result.environment && url) {
    const value = asString(evaluateToken(url, finalContexts));
    if (mask(run, value) === value) result.environment.url = value;
    else scope.annotations.push(`warning: Skip setting environment url as environment '${result.environment.name}' may contain secret.`);
  }
  result.summary = scope.summary.join('');
  result.annotations = scope.annotations;
  const cancelled = cancelledBy(frame.holds);
  result.result = cancelled && scope.cancelled ? 'cancelled' : scope.failed ? 'failure' : 'success';
  if (result.result === 'cancelled') result.reason = cancelled!.reason;
  return result;
}

/** As the runner sets job outputs: empty ones are skipped, and so is any that contains a secret (with a warning). */
function keptOutputs(scope: JobScope, outputs: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (value === '') continue;
    if (mask(scope.frame.run, value) !== value) {
      scope.annotations.push(`warning: Skip output '${name}' since it may contain secret.`);
      continue;
    }
    kept[name] = value;
  }
  return kept;
}
