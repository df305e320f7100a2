import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { literalMarkup, renderSummary } from './summary-view.js';

/**
 * Runs a bundled action the way the GitHub runner does: `node actions/<name>/dist/index.js` with
 * INPUT_* variables, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_STATE files
 * under a fresh RUNNER_TEMP. Returns everything a test needs to assert what a user would see.
 */
export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for "never printed" checks. */
  output: string;
  outputs: Record<string, string>;
  summary: string;
  /** The summary as GitHub shows it (rendered by cmark-gfm, reduced to visible text). */
  summaryText: string;
  /** Variables the step exported through GITHUB_ENV. */
  exportedEnv: Record<string, string>;
  /** Values the step saved for its post step through GITHUB_STATE. */
  state: Record<string, string>;
  runnerTemp: string;
  /** Lines the action printed as ::error:: annotations. */
  errors: string[];
}

export interface RunOptions {
  inputs?: Record<string, string | number | boolean | undefined>;
  env?: Record<string, string | undefined>;
  /** Webhook payload written to GITHUB_EVENT_PATH. */
  event?: unknown;
  /** Run dist/post/index.js instead of dist/index.js (reuses `state` from a previous run). */
  post?: boolean;
  state?: Record<string, string>;
  runnerTemp?: string;
  /** Called with the child once started (to send signals in cancellation tests). */
  onStart?: (child: import('node:child_process').ChildProcess) => void;
  /** Resolves when stdout contains this text, letting the test act mid-run; see onStart. */
  timeoutMs?: number;
  cwd?: string;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

export function inputEnv(inputs: RunOptions['inputs'] = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(value);
  }
  return env;
}

/** Parses the runner's file-command format (`name<<DELIM\nvalue\nDELIM` or `name=value`). */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]);
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return result;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

export async function runAction(name: string, options: RunOptions = {}): Promise<ActionRun> {
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), `runner-${name}-`));
  const files = {
    GITHUB_OUTPUT: join(runnerTemp, `output-${Date.now()}`),
    GITHUB_STEP_SUMMARY: join(runnerTemp, `summary-${Date.now()}`),
    GITHUB_ENV: join(runnerTemp, `env-${Date.now()}`),
    GITHUB_STATE: join(runnerTemp, `state-${Date.now()}`),
    GITHUB_EVENT_PATH: join(runnerTemp, 'event.json'),
  };
  for (const path of Object.values(files)) writeFileSync(path, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(options.event ?? {}));
  const stateEnv = Object.fromEntries(Object.entries(options.state ?? {}).map(([k, v]) => [`STATE_${k}`, v]));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerTemp,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.cwd ?? ROOT,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'push',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...files,
    ...stateEnv,
    ...inputEnv(options.inputs),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const script = join(ROOT, 'actions', name, 'dist', options.post ? 'post/index.js' : 'index.js');
  const child = spawn(process.execPath, [script], { env, cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  options.onStart?.(child);
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (chunk) => ((stdout += chunk), (output += chunk)));
  child.stderr.on('data', (chunk) => ((stderr += chunk), (output += chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolveExit) =>
    child.on('close', (c, s) => resolveExit([c, s])),
  );
  clearTimeout(timer);
  const summary = read(files.GITHUB_STEP_SUMMARY);
  const summaryText = renderSummary(summary).text;
  // Every run's summary is checked as GitHub shows it: stray Markdown fails the test that ran it.
  const stray = literalMarkup(summaryText);
  if (stray.length) throw new Error(`${name}: the job summary would show Markdown literally: ${stray.join(' | ')}\n${summary}`);
  return {
    code,
    signal,
    stdout,
    stderr,
    output,
    outputs: parseFileCommand(read(files.GITHUB_OUTPUT)),
    summary,
    summaryText,
    exportedEnv: parseFileCommand(read(files.GITHUB_ENV)),
    state: { ...(options.state ?? {}), ...parseFileCommand(read(files.GITHUB_STATE)) },
    runnerTemp,
    errors: stdout
      .split('\n')
      .filter((line) => line.startsWith('::error'))
      .map((line) =>
        line
          .replace(/^::error[^:]*::/, '')
          .replace(/%0A/g, '\n')
          .replace(/%25/g, '%'),
      ),
  };
}
