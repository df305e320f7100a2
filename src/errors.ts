import { oneLine } from './format.js';

/** The user's mistake (a bad input, a missing file): reported as one line, never with a stack. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * A failure the action has diagnosed (a failed rollout, a migration that exited non-zero).
 * Its message is the explanation a person reads; the detail was already printed.
 */
export class ActionFailure extends Error {
  override name = 'ActionFailure';
}

/**
 * Turns anything thrown into the one line a person should read: our own errors whole (a stray
 * line break joined), anything else as its name and the first line of its message.
 */
export function describeError(error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof ActionFailure) return oneLine(error.message);
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    const [first = ''] = error.message.split(/\r\n|\r|\n/).filter((line) => line.trim());
    return oneLine(`${name}${first}`);
  }
  return oneLine(String(error));
}
