/**
 * What core logic prints through, so it runs (and is unit-tested) without @actions/core.
 * src/github/logger.ts gives the runner's implementation.
 */
export interface Logger {
  /** A line (or lines) for the log: printed as text, never read as a workflow command. */
  info(line: string): void;
  /** An annotation. */
  warning(line: string): void;
  /** Shown only when the run has debug logging on (ACTIONS_STEP_DEBUG). */
  debug(line: string): void;
  /** Text we did not write (container output): like info, named so for the reader. */
  untrusted(line: string): void;
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

/** Collects lines in memory: for tests, and for callers that want to print later. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => void lines.push(line),
    warning: (line) => void lines.push(`warning: ${line}`),
    debug: (line) => void lines.push(`debug: ${line}`),
    untrusted: (line) => void lines.push(line),
    group: async (title, work) => {
      lines.push(`[${title}]`);
      return work();
    },
  };
}
