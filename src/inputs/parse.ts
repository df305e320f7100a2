import { ConfigurationError } from '../errors.js';

/**
 * Pure parsers for action inputs. Each takes the input's name and raw text and either returns a
 * typed value or throws a ConfigurationError naming the input, quoting the value and saying what
 * was expected, on one line.
 */

export function invalid(name: string, value: string, expected: string): ConfigurationError {
  const shown = value.length > 120 ? `${value.slice(0, 117)}...` : value;
  return new ConfigurationError(`Input "${name}" has value "${quoted(shown)}": expected ${expected}.`);
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value as it is shown inside quotes on one line: line breaks and control characters escaped. */
export function quoted(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]/gu, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw invalid(name, raw, 'true or false');
}

export function parseInteger(name: string, raw: string, range: { min?: number; max?: number } = {}): number {
  const text = raw.trim();
  if (!/^-?\d+$/.test(text)) throw invalid(name, raw, describeRange('an integer', range));
  const value = Number(text);
  if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
    throw invalid(name, raw, describeRange('an integer', range));
  }
  return value;
}

function describeRange(what: string, { min, max }: { min?: number | string; max?: number | string }): string {
  if (min !== undefined && max !== undefined) return `${what} from ${min} to ${max}`;
  if (min !== undefined) return `${what} of at least ${min}`;
  if (max !== undefined) return `${what} of at most ${max}`;
  return what;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export interface DurationRange {
  /** Milliseconds. */
  min?: number;
  max?: number;
  /** Shown after the range: "such as 3s". */
  example?: string;
}

/** Timeouts: anything shorter would end before the first AWS call returns. */
export const AT_LEAST_ONE_SECOND: DurationRange = { min: 1000 };

/** "90", "90s", "10m", "1h30m", "500ms" -> milliseconds. A bare number is seconds. */
export function parseDuration(name: string, raw: string, range: DurationRange = {}): number {
  const text = raw.trim().toLowerCase();
  const ms = durationMs(text);
  if (ms === undefined) throw invalid(name, raw, 'a duration such as 90s, 10m or 1h30m');
  if ((range.min !== undefined && ms < range.min) || (range.max !== undefined && ms > range.max)) {
    const bounds = {
      min: range.min === undefined ? undefined : durationText(range.min),
      max: range.max === undefined ? undefined : durationText(range.max),
    };
    throw invalid(name, raw, describeRange('a duration', bounds) + (range.example ? `, such as ${range.example}` : ''));
  }
  return ms;
}

function durationMs(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) return undefined;
  return Math.round(parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit], 0));
}

/** A bound as the user writes it: 250ms, 1s, 5m, 1h30m. */
function durationText(ms: number): string {
  if (ms < 1000 || ms % 1000) return `${ms}ms`;
  const [h, m, s] = [Math.floor(ms / 3_600_000), Math.floor((ms % 3_600_000) / 60_000), (ms % 60_000) / 1000];
  return [h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean).join('');
}

/** Items separated by newlines or commas; blank items and surrounding spaces dropped. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Non-empty, non-comment lines. */
export function parseLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** `KEY=value` lines (the value may contain "="); order kept, a repeated key keeps the last value. */
export function parseKeyValueLines(name: string, raw: string, keyPattern = /^[^\s=]+$/): Array<[string, string]> {
  const pairs = new Map<string, string>();
  for (const line of parseLines(raw)) {
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at).trim() : '';
    if (!key || !keyPattern.test(key)) throw invalid(name, line, 'KEY=value lines');
    pairs.set(key, line.slice(at + 1).trim());
  }
  return [...pairs];
}

export function parseJson<T = unknown>(name: string, raw: string, expected = 'valid JSON'): T {
  try {
    return JSON.parse(raw) as T;
  } catch (error) {
    throw invalid(name, raw, `${expected} (${(error as Error).message})`);
  }
}

export function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  const value = raw.trim().toLowerCase() as T;
  if (!choices.includes(value)) throw invalid(name, raw, `one of ${choices.join(', ')}`);
  return value;
}

/**
 * A command as a JSON array of strings, or as shell words with single/double quotes and
 * backslash escapes (no expansion: nothing is run through a shell).
 */
export function parseCommand(name: string, raw: string): string[] {
  const text = raw.trim();
  if (text.startsWith('[')) {
    const value = parseJson<unknown>(name, text, 'a JSON array of strings');
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw invalid(name, raw, 'a JSON array of strings');
    }
    return value;
  }
  return splitShellWords(name, text);
}

function splitShellWords(name: string, text: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += ch;
      started = true;
    }
  }
  if (quote) throw invalid(name, text, `shell words with matching quotes (unclosed ${quote})`);
  if (started) words.push(word);
  if (!words.length) throw invalid(name, text, 'a command');
  return words;
}
