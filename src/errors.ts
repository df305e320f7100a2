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

/** Turns anything thrown into the one line a person should read. */
export function describeError(error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof ActionFailure) return error.message;
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message}`.split('\n')[0];
  }
  return String(error);
}
