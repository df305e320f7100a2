import { ConfigurationError } from '../errors.js';

/**
 * JSON.parse with an error a person can act on: the line and column of the problem and what was
 * expected, never the text around it (Node's own message quotes the file, which may hold
 * secrets, and gives no position for most errors). The text is parsed by JSON.parse; only when
 * that fails does a small strict scanner find where.
 */
export function parseJsonDocument(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const { offset, reason } = findJsonError(text);
    const { line, column } = lineAndColumn(text, offset);
    throw new ConfigurationError(`${source}: JSON error at line ${line}, column ${column}: ${reason}.`);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Walks the text as strict JSON (RFC 8259) and reports the first place it breaks. */
export function findJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new JsonSyntaxError(at, reason);
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : JSON.stringify(text[at]));
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? ((i += word.length), true) : false);
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i);
      if (ch < 0x20)
        fail(text[i] === '\n' ? 'a line break inside a string (a missing closing quote?)' : 'a control character inside a string');
      if (text[i] === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape without 4 hex digits');
          i += 6;
          continue;
        }
        if (!next || !'"\\/bfnrt'.includes(next)) fail(`an unknown escape \\${next ?? ''}`);
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= text.length) fail('a string that never ends (a missing closing quote)', start);
    i++;
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`expected a value, found ${describe(i)}`);
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    if (literal('true') || literal('false') || literal('null')) return;
    if (ch === "'") fail('a single quote: JSON strings take double quotes');
    fail(`expected a value, found ${describe(i)}`);
  };
  const members = (close: string, member: () => void) => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      member();
      space();
      if (text[i] === close) return void i++;
      if (text[i] !== ',') fail(`expected "," or "${close}", found ${describe(i)} (a missing comma?)`);
      const comma = i++;
      space();
      if (text[i] === close) fail('a trailing comma (JSON allows none)', comma);
    }
  };
  const object = () =>
    members('}', () => {
      space();
      if (text[i] !== '"') fail(`expected a quoted key, found ${describe(i)}`);
      string();
      space();
      if (text[i] !== ':') fail(`expected ":" after the key, found ${describe(i)}`);
      i++;
      value();
    });
  const array = () => members(']', value);
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    space();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
    return { offset: 0, reason: 'not valid JSON' };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, reason: error.reason };
    if (error instanceof RangeError) return { offset: i, reason: 'nested too deeply' }; // the scanner's stack
    throw error;
  }
}
