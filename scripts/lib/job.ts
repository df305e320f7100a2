import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runAction, type ActionRun } from '../../test/e2e/run-action.js';

/**
 * A job of steps run the way the GitHub runner runs them: each step is an action's bundle
 * (actions/<name>/dist/index.js, through test/e2e/run-action.ts), variables a step exports through
 * GITHUB_ENV reach the later steps, values registered with ::add-mask:: are masked in everything
 * printed afterwards, and post steps run at the end in reverse order.
 */

export const ROOT = resolve(import.meta.dirname, '..', '..');

export type LineKind = 'log' | 'group' | 'endgroup' | 'debug' | 'error' | 'warning' | 'notice';

export interface LogLine {
  /** When the line reached the runner (Date.now()). */
  at: number;
  kind: LineKind;
  text: string;
}

export interface StepSpec {
  /** Key under which later steps find this step's outputs. */
  id: string;
  name: string;
  action: string;
  inputs?: Record<string, string | number | boolean | undefined>;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export type StepStatus = 'ok' | 'failed' | 'missing';

export interface StepResult {
  id: string;
  name: string;
  action: string;
  post: boolean;
  status: StepStatus;
  /** Why a step is missing (its bundle is not built yet). */
  reason?: string;
  code: number | null;
  /** When the child process was spawned. */
  spawnedAt: number;
  /** When the process exited. */
  endedAt: number;
  durationMs: number;
  outputs: Record<string, string>;
  summary: string;
  lines: LogLine[];
  errors: string[];
  run?: ActionRun;
}

export interface JobReporter {
  stepStarted?(step: StepSpec & { post: boolean }): void;
  line?(step: StepSpec & { post: boolean }, line: LogLine): void;
  stepFinished?(result: StepResult): void;
}

export interface JobOptions {
  /** Base environment of every step (simulator endpoint, region, credentials...). */
  env: Record<string, string>;
  reporter?: JobReporter;
  runnerTemp?: string;
  cwd?: string;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

/** Parses one stdout line as the runner does: workflow commands become kinds, masks are collected. */
export function parseLine(raw: string, masks: Set<string>): Omit<LogLine, 'at'> | undefined {
  const command = /^::([a-z-]+)(?:\s[^:]*)?::(.*)$/.exec(raw);
  if (!command) return { kind: 'log', text: raw };
  const [, name, data] = command;
  const message = unescapeData(data);
  switch (name) {
    case 'add-mask':
      if (message.trim()) masks.add(message);
      return undefined;
    case 'group':
    case 'endgroup':
    case 'debug':
    case 'error':
    case 'warning':
    case 'notice':
      return { kind: name, text: message };
    default:
      return undefined; // save-state, set-output, stop-commands...: nothing a person reads
  }
}

export function applyMasks(text: string, masks: Set<string>): string {
  let out = text;
  for (const mask of masks) out = out.split(mask).join('***');
  return out;
}

function hasPostStep(action: string): boolean {
  try {
    const metadata = parseYaml(readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8'));
    return Boolean(metadata?.runs?.post);
  } catch {
    return false;
  }
}

export function bundlePath(action: string, post = false): string {
  return join(ROOT, 'actions', action, 'dist', post ? 'post/index.js' : 'index.js');
}

/** Children of running steps, so that an interrupted demo leaves no process behind. */
const ACTIVE = new Set<import('node:child_process').ChildProcess>();

export function killRunningSteps(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const child of ACTIVE) child.kill(signal);
}

export class Job {
  readonly env: Record<string, string>;
  readonly results: StepResult[] = [];
  readonly outputs: Record<string, Record<string, string>> = {};
  readonly masks = new Set<string>();
  readonly runnerTemp: string;
  private readonly posts: Array<{ spec: StepSpec; state: Record<string, string>; env: Record<string, string> }> = [];

  constructor(private readonly options: JobOptions) {
    this.env = { ...options.env };
    this.runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'demo-runner-'));
  }

  /** Runs one step; never throws for a failing step (the result says so). */
  async run(spec: StepSpec): Promise<StepResult> {
    return this.execute(spec, false);
  }

  /** Runs the post steps of the steps that ran, last first, as the runner does at the end of a job. */
  async runPosts(): Promise<StepResult[]> {
    const results: StepResult[] = [];
    for (const post of this.posts.reverse()) {
      results.push(await this.execute({ ...post.spec, name: `Post ${post.spec.name}` }, true, post));
    }
    this.posts.length = 0;
    return results;
  }

  private async execute(
    spec: StepSpec,
    post: boolean,
    saved?: { state: Record<string, string>; env: Record<string, string> },
  ): Promise<StepResult> {
    const reporter = this.options.reporter;
    const shown = { ...spec, post };
    const base = { id: spec.id, name: spec.name, action: spec.action, post };
    if (!existsSync(bundlePath(spec.action, post))) {
      const result: StepResult = {
        ...base,
        status: 'missing',
        reason: `actions/${spec.action}/dist/${post ? 'post/' : ''}index.js is not built yet`,
        code: null,
        spawnedAt: Date.now(),
        endedAt: Date.now(),
        durationMs: 0,
        outputs: {},
        summary: '',
        lines: [],
        errors: [],
      };
      this.finish(result);
      return result;
    }
    reporter?.stepStarted?.(shown);
    const lines: LogLine[] = [];
    const emit = (raw: string, stream: 'stdout' | 'stderr') => {
      const parsed = stream === 'stdout' ? parseLine(raw, this.masks) : { kind: 'log' as const, text: raw };
      if (!parsed) return;
      const line = { at: Date.now(), kind: parsed.kind, text: applyMasks(parsed.text, this.masks) };
      lines.push(line);
      reporter?.line?.(shown, line);
    };
    let spawnedAt = Date.now();
    let exitedAt: number | undefined;
    const started = Date.now();
    const run = await runAction(spec.action, {
      inputs: spec.inputs,
      env: { ...(saved?.env ?? this.env), ...spec.env },
      post,
      state: saved?.state,
      runnerTemp: this.runnerTemp,
      cwd: this.options.cwd ?? ROOT,
      timeoutMs: spec.timeoutMs ?? 15 * 60_000,
      onStart: (child) => {
        spawnedAt = Date.now();
        ACTIVE.add(child);
        child.once('exit', () => {
          exitedAt = Date.now();
          ACTIVE.delete(child);
        });
        for (const [stream, source] of [
          ['stdout', child.stdout],
          ['stderr', child.stderr],
        ] as const) {
          let partial = '';
          source?.on('data', (chunk: Buffer) => {
            const parts = (partial + chunk.toString('utf8')).split('\n');
            partial = parts.pop() ?? '';
            for (const part of parts) emit(part.replace(/\r$/, ''), stream);
          });
          source?.on('end', () => partial && emit(partial, stream));
        }
      },
    });
    const result: StepResult = {
      ...base,
      status: run.code === 0 ? 'ok' : 'failed',
      code: run.code,
      spawnedAt,
      endedAt: exitedAt ?? Date.now(),
      durationMs: Date.now() - started,
      outputs: Object.fromEntries(Object.entries(run.outputs).map(([k, v]) => [k, applyMasks(v, this.masks)])),
      summary: applyMasks(run.summary, this.masks),
      lines,
      errors: run.errors.map((e) => applyMasks(e, this.masks)),
      run,
    };
    if (!post) {
      // Exported variables reach later steps; the post step gets the environment of its own step.
      Object.assign(this.env, run.exportedEnv);
      this.outputs[spec.id] = run.outputs;
      if (hasPostStep(spec.action) && existsSync(bundlePath(spec.action, true))) {
        this.posts.push({ spec, state: run.state, env: { ...this.env, ...spec.env } });
      }
    }
    this.finish(result);
    return result;
  }

  private finish(result: StepResult): void {
    this.results.push(result);
    this.options.reporter?.stepFinished?.(result);
  }
}
