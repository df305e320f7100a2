import { parseKeyValueLines } from './parse.js';

/**
 * A container environment variable name as the actions accept it: letters, digits, "_", "." and
 * "-", not starting with a digit (Java-style `spring.profiles.active` included). The same rule for
 * render-taskdef's environment and secrets and run-migration's environment override.
 */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `NAME=value` lines with container variable names. */
export function parseEnvironmentLines(input: string, raw: string): Array<[string, string]> {
  return parseKeyValueLines(input, raw, ENV_NAME);
}
