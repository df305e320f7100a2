import { spawn } from 'node:child_process';
import type { Logger } from '../logger.js';

/** Runs a builder command, streaming its output through the logger and keeping it for parsing. */

export interface ToolRun {
  code: number;
  output: string;
}

export interface ToolCommand {
  program: string;
  args: string[];
  /** Added to the inherited environment (secret values travel here, never in args). */
  env?: Record<string, string>;
  logger?: Logger;
  /** Keep at most this many characters of output (the tail). */
  keep?: number;
  /** Kill the command after this long (probes only: builds take what they take). */
  timeoutMs?: number;
}

export type ToolRunner = (command: ToolCommand) => Promise<ToolRun>;

export const runTool: ToolRunner = (command) =>
  new Promise((resolve, reject) => {
    const child = spawn(command.program, command.args, {
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(command.timeoutMs ? { timeout: command.timeoutMs } : {}),
    });
    const keep = command.keep ?? 1_000_000;
    let output = '';
    let partial = '';
    const onData = (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) emit(line);
    };
    const emit = (line: string) => {
      output = (output + line + '\n').slice(-keep);
      command.logger?.untrusted(line.replace(/\r/g, ''));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve({ code: 127, output: `${command.program}: not found` }) : reject(error),
    );
    child.on('close', (code, signal) => {
      if (partial) emit(partial);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });

/** The last lines of output that say something, to explain a failure in one place. */
export function lastLines(output: string, count = 3): string {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}
