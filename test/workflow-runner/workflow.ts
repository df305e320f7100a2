import type { Job, ReusableWorkflowJob, WorkflowJob } from '@actions/workflow-parser/model/workflow-template';
import { asString, evaluateCondition, evaluateStringMap, evaluateToken, type Contexts } from './expressions.js';
import { field, rawJob } from './load.js';
import { expandMatrix, legName } from './matrix.js';
import { asPermissions } from './permissions.js';
import { logLine, type Frame } from './run-state.js';
import { runJobLeg, type JobLeg } from './job.js';
import { concurrencyOf, jobContexts } from './job-settings.js';
import { runCall } from './call.js';
import { cancelledBy, enterGroup } from './concurrency.js';
import type { Conclusion, JobResult, RunResult } from './types.js';

/**
 * Runs the jobs of one workflow file in `needs` order, one at a time (matrix legs too), deciding
 * each job's `if:` with the status of all its ancestors as GitHub does (a job whose ancestor was
 * skipped is skipped unless its `if` uses a status function).
 */
export async function runFrame(frame: Frame): Promise<Omit<RunResult, 'job' | 'log'> & { jobResults: Record<string, JobResult> }> {
  const { template } = frame.workflow;
  const decided: Record<string, JobResult> = {};
  const order = topologicalOrder(template.jobs);
  const ancestors = ancestorsOf(template.jobs);
  const concurrency = concurrencyOf(field(frame.workflow.root, 'concurrency'), {
    github: frame.run.github,
    inputs: frame.inputs,
    vars: frame.run.options.vars ?? {},
  });
  const hold = concurrency
    ? await enterGroup({
        repository: String(frame.run.github.repository),
        ...concurrency,
        run: frame.run,
        caller: frame.pathPrefix.replace(/ \/ $/, ''),
      })
    : undefined;
  if (hold) frame.holds = [...(frame.holds ?? []), hold];
  try {
    for (const job of order) {
      const cancelled = cancelledBy(frame.holds);
      decided[job.id.value] = cancelled
        ? cancelledJob(frame, job, cancelled.reason ?? 'cancelled')
        : await decideJob(frame, job, decided, ancestors.get(job.id.value) ?? []);
    }
  } finally {
    hold?.release();
  }
  const results = Object.values(decided);
  const conclusion: Conclusion = results.some((r) => r.result === 'failure' && !continuesOnError(r))
    ? 'failure'
    : results.some((r) => r.result === 'cancelled')
      ? 'cancelled'
      : 'success';
  return {
    conclusion,
    jobs: results,
    jobResults: decided,
    outputs: {},
    permissions: frame.permissions,
    concurrency,
  };
}

/** A job that never started because its run was cancelled by its concurrency group. */
function cancelledJob(frame: Frame, job: WorkflowJob, reason: string): JobResult {
  const result: JobResult = { ...skipped(frame, job, `${frame.pathPrefix}${job.id.value}`, reason), result: 'cancelled' };
  reportCheck(frame, result);
  frame.run.jobs.push(result);
  return result;
}

const continueOnErrorJobs = new WeakSet<JobResult>();
const continuesOnError = (r: JobResult) => continueOnErrorJobs.has(r);
/** A job that failed under `continue-on-error` shows as failed, but `needs` and later jobs see success, as on GitHub. */
const seenResult = (r: JobResult): Conclusion => (continuesOnError(r) ? 'success' : r.result);

function topologicalOrder(jobs: WorkflowJob[]): WorkflowJob[] {
  const done = new Set<string>();
  const order: WorkflowJob[] = [];
  while (order.length < jobs.length) {
    const next = jobs.find((j) => !done.has(j.id.value) && (j.needs ?? []).every((n) => done.has(n.value)));
    if (!next) throw new Error('jobs have a dependency cycle');
    done.add(next.id.value);
    order.push(next);
  }
  return order;
}

function ancestorsOf(jobs: WorkflowJob[]): Map<string, string[]> {
  const byId = new Map(jobs.map((j) => [j.id.value, j]));
  const memo = new Map<string, string[]>();
  const visit = (id: string): string[] => {
    if (memo.has(id)) return memo.get(id)!;
    const direct = (byId.get(id)?.needs ?? []).map((n) => n.value);
    const all = [...new Set(direct.flatMap((d) => [d, ...visit(d)]))];
    memo.set(id, all);
    return all;
  };
  for (const job of jobs) visit(job.id.value);
  return memo;
}

function skipped(frame: Frame, job: WorkflowJob, path: string, reason: string): JobResult {
  logLine(frame.run, path, reason);
  frame.run.options.github?.setCheck?.(String(frame.run.github.sha), path, 'skipped');
  return {
    id: job.id.value,
    path,
    name: job.id.value,
    result: 'skipped',
    outputs: {},
    env: {},
    permissions: undefined,
    timeoutMinutes: 0,
    steps: [],
    summary: '',
    annotations: [],
    reason,
    workflowRef: frame.workflowRef,
    workflowSha: frame.repo.sha,
    records: [],
  };
}

async function decideJob(frame: Frame, job: WorkflowJob, decided: Record<string, JobResult>, ancestors: string[]): Promise<JobResult> {
  const path = `${frame.pathPrefix}${job.id.value}`;
  const needs = Object.fromEntries(
    (job.needs ?? []).map((n) => [n.value, { result: seenResult(decided[n.value]), outputs: decided[n.value].outputs }]),
  );
  const results = ancestors.map((a) => seenResult(decided[a]));
  const status = {
    success: results.every((r) => r === 'success'),
    failure: results.includes('failure'),
    cancelled: results.includes('cancelled'),
  };
  const base: JobLeg = { frame, job: job as Job, raw: rawJob(frame.workflow, job.id.value), path, needs, matrix: {}, strategy: {} };
  const contexts = jobContexts(base);
  const condition = job.if?.expression ?? 'success()';
  let run: boolean;
  try {
    run = evaluateCondition(condition, contexts, status);
  } catch (error) {
    return failedBeforeStart(frame, job, path, `Error when evaluating 'if' for job '${job.id.value}': ${(error as Error).message}`);
  }
  if (!run) {
    const result = skipped(frame, job, path, `Job '${path}' skipped: if: ${condition}`);
    frame.run.jobs.push(result);
    return result;
  }
  let strategy: { matrix?: unknown; 'fail-fast'?: boolean; 'max-parallel'?: number } | undefined;
  let combinations: Record<string, unknown>[];
  try {
    strategy = evaluateToken(field(base.raw, 'strategy'), contexts) as typeof strategy;
    const matrixValue = typeof strategy?.matrix === 'string' ? JSON.parse(strategy.matrix) : strategy?.matrix;
    combinations = strategy?.matrix === undefined ? [{}] : expandMatrix(matrixValue as Record<string, unknown>);
  } catch (error) {
    return failedBeforeStart(frame, job, path, `Error when evaluating 'strategy' for job '${job.id.value}': ${(error as Error).message}`);
  }
  const failFast = strategy?.['fail-fast'] !== false;
  const legs: JobResult[] = [];
  for (const [index, combination] of combinations.entries()) {
    const legPath = strategy?.matrix === undefined ? path : legName(path, combination);
    const legStrategy = {
      'fail-fast': failFast,
      'job-index': index,
      'job-total': combinations.length,
      'max-parallel': strategy?.['max-parallel'] ?? combinations.length,
    };
    if (failFast && legs.some((l) => l.result === 'failure')) {
      const cancelled = {
        ...skipped(frame, job, legPath, `Job '${legPath}' cancelled: fail-fast after a failed leg`),
        result: 'cancelled' as const,
        matrix: combination,
      };
      frame.run.jobs.push(cancelled);
      reportCheck(frame, cancelled);
      legs.push(cancelled);
      continue;
    }
    const leg: JobLeg = { ...base, path: legPath, matrix: combination, strategy: legStrategy };
    const result = job.type === 'reusableWorkflowJob' ? await runCall(leg, job as ReusableWorkflowJob) : await runLegSafely(leg);
    if (job.type === 'job' && jobContinuesOnError(leg, result)) continueOnErrorJobs.add(result);
    if (job.type === 'job') frame.run.jobs.push(result);
    if (job.type === 'job') reportCheck(frame, result);
    legs.push(result);
  }
  if (legs.length === 1 && strategy?.matrix === undefined) return legs[0];
  const combined = aggregate(path, legs);
  frame.run.jobs.push(combined);
  return combined;
}

/** The job's check run on the run's commit, as the GitHub stand-in sees it. */
function reportCheck(frame: Frame, result: JobResult): void {
  frame.run.options.github?.setCheck?.(String(frame.run.github.sha), result.path, result.result);
}

function failedBeforeStart(frame: Frame, job: WorkflowJob, path: string, reason: string): JobResult {
  const result: JobResult = { ...skipped(frame, job, path, reason), result: 'failure' };
  reportCheck(frame, result);
  frame.run.jobs.push(result);
  return result;
}

/** An expression that cannot be evaluated (timeout-minutes, runs-on, env...) fails the job, as on GitHub. */
async function runLegSafely(leg: JobLeg): Promise<JobResult> {
  try {
    return await runJobLeg(leg);
  } catch (error) {
    const reason = `Error when evaluating the job: ${(error as Error).message}`;
    return {
      ...skipped(leg.frame, leg.job, leg.path, reason),
      result: 'failure',
      matrix: Object.keys(leg.matrix).length ? leg.matrix : undefined,
    };
  }
}

function jobContinuesOnError(leg: JobLeg, result: JobResult): boolean {
  const token = field(leg.raw, 'continue-on-error');
  if (!token) return false;
  const value = evaluateToken(token, { ...jobContexts(leg), matrix: leg.matrix, strategy: leg.strategy });
  return result.result === 'failure' && (value === true || value === 'true');
}

/** A matrix job as `needs` sees it: failure if any leg failed, outputs of the last leg that set them. */
function aggregate(path: string, legs: JobResult[]): JobResult {
  const seen = legs.map(seenResult);
  const result: Conclusion = seen.includes('failure')
    ? 'failure'
    : seen.includes('cancelled')
      ? 'cancelled'
      : seen.every((r) => r === 'skipped')
        ? 'skipped'
        : 'success';
  const outputs: Record<string, string> = {};
  for (const leg of legs) for (const [k, v] of Object.entries(leg.outputs)) if (v !== '') outputs[k] = v;
  return { ...legs[legs.length - 1], path, result, outputs, legs, matrix: undefined };
}

/** Workflow-level env, permissions and defaults of a frame. */
export function frameSettings(
  frame: Pick<Frame, 'workflow' | 'run' | 'inputs' | 'secrets'>,
): Pick<Frame, 'env' | 'permissions' | 'defaults'> {
  const contexts: Contexts = { github: frame.run.github, inputs: frame.inputs, vars: frame.run.options.vars ?? {}, secrets: frame.secrets };
  const root = frame.workflow.root;
  const permissionsToken = field(root, 'permissions');
  const defaultsRun = evaluateToken(field(field(root, 'defaults'), 'run'), contexts) as
    { shell?: string; 'working-directory'?: string } | undefined;
  return {
    env: evaluateStringMap(field(root, 'env'), contexts),
    permissions: permissionsToken ? asPermissions(evaluateToken(permissionsToken, contexts)) : undefined,
    defaults: { shell: defaultsRun?.shell ? asString(defaultsRun.shell) : undefined, workingDirectory: defaultsRun?.['working-directory'] },
  };
}
