import * as core from './runner.js';
import { ConfigurationError } from '../errors.js';
import {
  type DurationRange,
  parseBoolean,
  parseChoice,
  parseCommand,
  parseDuration,
  parseInteger,
  parseJson,
  parseKeyValueLines,
  parseList,
} from '../inputs/parse.js';

/**
 * Readers for action inputs: the only place (with each action's inputs.ts) that calls
 * core.getInput. An empty input counts as not set, as the runner passes unset inputs as "".
 */

export function optionalInput(name: string): string | undefined {
  const value = core.getInput(name, { trimWhitespace: true });
  return value === '' ? undefined : value;
}

export function requiredInput(name: string): string {
  const value = optionalInput(name);
  if (value === undefined) throw new ConfigurationError(`Input required and not supplied: ${name}`);
  return value;
}

/** Multi-line text as written (not trimmed per line), for parsers that need lines. */
export function multilineInput(name: string): string | undefined {
  const value = core.getInput(name, { trimWhitespace: false });
  return value.trim() === '' ? undefined : value;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  const raw = optionalInput(name);
  return raw === undefined ? fallback : parseBoolean(name, raw);
}

export function integerInput(name: string, options: { min?: number; max?: number } = {}): number | undefined {
  const raw = optionalInput(name);
  return raw === undefined ? undefined : parseInteger(name, raw, options);
}

/** Milliseconds, within `range` when given (a timeout of at least 1s...). */
export function durationInput(name: string, fallback: string, range?: DurationRange): number {
  return parseDuration(name, optionalInput(name) ?? fallback, range);
}

export function listInput(name: string): string[] {
  return parseList(multilineInput(name) ?? '');
}

export function keyValueInput(name: string): Array<[string, string]> {
  return parseKeyValueLines(name, multilineInput(name) ?? '');
}

export function jsonInput<T>(name: string, expected?: string): T | undefined {
  const raw = optionalInput(name);
  return raw === undefined ? undefined : parseJson<T>(name, raw, expected);
}

export function choiceInput<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = optionalInput(name);
  return raw === undefined ? fallback : parseChoice(name, raw, choices);
}

export function commandInput(name: string): string[] | undefined {
  const raw = optionalInput(name);
  return raw === undefined ? undefined : parseCommand(name, raw);
}
