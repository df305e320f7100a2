import type { JobReporter, LogLine, StepResult, StepSpec } from './job.js';
import { summaryToText } from './summary-text.js';

/**
 * Prints a job's steps to the terminal as they run: each step's name, its log lines indented
 * (group contents folded, as the runner's log viewer folds them, unless verbose), its outputs, and
 * its job summary as text.
 */

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = paint('1');
export const dim = paint('2');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');
export const cyan = paint('36');

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

const indent = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((line) => (line ? `${prefix}${line}` : line))
    .join('\n');

export class TerminalReporter implements JobReporter {
  private folded: LogLine[] = [];
  private inGroup = false;
  private count = 0;

  constructor(private readonly options: { verbose?: boolean; write?: (text: string) => void } = {}) {}

  private write(text: string): void {
    (this.options.write ?? ((t: string) => process.stdout.write(t)))(`${text}\n`);
  }

  stepStarted(step: StepSpec & { post: boolean }): void {
    this.folded = [];
    this.inGroup = false;
    this.write('');
    this.write(bold(cyan(`==> ${step.post ? '' : `${++this.count}. `}${step.name}`)) + dim(`  (actions/${step.action})`));
    const inputs = Object.entries(step.inputs ?? {}).filter(([, v]) => v !== undefined && v !== '');
    if (inputs.length && !step.post) {
      this.write(dim('    with:'));
      for (const [name, value] of inputs) {
        const text = String(value).trimEnd();
        this.write(dim(text.includes('\n') ? `      ${name}: |\n${indent(text, '        ')}` : `      ${name}: ${text}`));
      }
    }
  }

  line(_step: StepSpec, line: LogLine): void {
    switch (line.kind) {
      case 'group':
        this.inGroup = true;
        this.folded = [];
        this.write(`    ${dim('▸')} ${line.text}`);
        return;
      case 'endgroup':
        if (this.inGroup && this.folded.length && !this.options.verbose) {
          this.write(dim(`        (${this.folded.length} line${this.folded.length === 1 ? '' : 's'} folded; --verbose shows them)`));
        }
        this.inGroup = false;
        return;
      case 'debug':
        if (this.options.verbose) this.write(dim(`    debug: ${line.text}`));
        return;
      case 'error':
        this.write(red(indent(`Error: ${line.text}`, '    ')));
        return;
      case 'warning':
        this.write(yellow(indent(`Warning: ${line.text}`, '    ')));
        return;
      case 'notice':
        this.write(indent(`Notice: ${line.text}`, '    '));
        return;
      default:
        if (this.inGroup && !this.options.verbose) this.folded.push(line);
        else this.write(`${this.inGroup ? '        ' : '    '}${line.text}`);
    }
  }

  stepFinished(result: StepResult): void {
    if (result.status === 'missing') {
      this.write('');
      this.write(yellow(`==> ${result.name}: skipped, ${result.reason}`));
      return;
    }
    if (result.status === 'failed' && this.folded.length && !this.options.verbose) {
      this.write(dim('    last lines of the folded group:'));
      for (const line of this.folded.slice(-20)) this.write(dim(`        ${line.text}`));
    }
    const outputs = Object.entries(result.outputs);
    if (outputs.length) {
      this.write(bold('    outputs:'));
      for (const [name, value] of outputs) this.write(indent(`${name} = ${value}`, '      '));
    }
    if (result.summary.trim()) {
      this.write(bold('    job summary:'));
      this.write(indent(summaryToText(result.summary), '      '));
    }
    const verdict = result.status === 'ok' ? green('ok') : red(`failed (exit code ${result.code})`);
    this.write(`    ${verdict} in ${seconds(result.durationMs)}`);
  }
}

/** The closing table: each step, ok/failed, duration. */
export function recap(results: StepResult[], totalMs: number): string {
  const rows = results.map((r) => [
    r.name,
    r.status === 'ok' ? green('ok') : r.status === 'failed' ? red('failed') : yellow('not built'),
    r.status === 'missing' ? '-' : seconds(r.durationMs),
  ]);
  const width = Math.max(...rows.map((r) => r[0].length), 4);
  const lines = rows.map(([name, status, time]) => `  ${name.padEnd(width)}  ${time.padStart(6)}  ${status}`);
  return [bold('Recap'), ...lines, `  ${'total'.padEnd(width)}  ${seconds(totalMs).padStart(6)}`].join('\n');
}
