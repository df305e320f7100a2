import { spawn } from 'node:child_process';

export interface ProcessResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
}

/** Runs a step's process; stdout and stderr interleaved as the log shows them. */
export function runProcess(options: {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs?: number;
  onLine?: (line: string) => void;
}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout kills the whole tree (a script's `sleep` too), as the runner does.
    const child = spawn(options.command, options.args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let pending = '';
    let timedOut = false;
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (!options.onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, options.timeoutMs);
    child.on('error', (error) => {
      output += `${error.message}\n`;
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      if (pending && options.onLine) options.onLine(pending);
      resolve({ exitCode: code, output, timedOut });
    });
  });
}
