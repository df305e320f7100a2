import { ConfigurationError } from '../../../src/errors.js';
import {
  invalid,
  parseBoolean,
  parseCommand,
  parseDuration,
  parseInteger,
  parseKeyValueLines,
  parseList,
} from '../../../src/inputs/parse.js';

const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
};

test('durations: bare seconds, units and combinations', () => {
  expect(parseDuration('timeout', '90')).toBe(90_000);
  expect(parseDuration('timeout', '10m')).toBe(600_000);
  expect(parseDuration('timeout', '1h30m')).toBe(5_400_000);
  expect(parseDuration('timeout', '500ms')).toBe(500);
  expect(messageOf(() => parseDuration('timeout', '10 minutes'))).toBe(
    'Input "timeout" has value "10 minutes": expected a duration such as 90s, 10m or 1h30m.',
  );
});

test('integers reject junk that parseInt would accept', () => {
  expect(parseInteger('desired-count', '3')).toBe(3);
  expect(messageOf(() => parseInteger('desired-count', '3abc', { min: 0 }))).toBe(
    'Input "desired-count" has value "3abc": expected an integer of at least 0.',
  );
  expect(() => parseInteger('desired-count', '-1', { min: 0 })).toThrow(ConfigurationError);
});

test('booleans accept the usual spellings only', () => {
  expect(parseBoolean('wait', 'TRUE')).toBe(true);
  expect(parseBoolean('wait', 'off')).toBe(false);
  expect(messageOf(() => parseBoolean('wait', 'maybe'))).toContain('expected true or false');
});

test('KEY=value lines keep "=" in values, skip comments, keep the last of a repeated key', () => {
  expect(parseKeyValueLines('environment', 'A=1\n# note\nDSN=postgres://u@h/db?x=y\nA=2\n')).toEqual([
    ['A', '2'],
    ['DSN', 'postgres://u@h/db?x=y'],
  ]);
  expect(messageOf(() => parseKeyValueLines('environment', 'A=1\nnot a pair'))).toBe(
    'Input "environment" has value "not a pair": expected KEY=value lines.',
  );
});

test('lists split on commas and newlines', () => {
  expect(parseList('a, b\nc,,\n')).toEqual(['a', 'b', 'c']);
});

test('commands: JSON arrays or shell words with quotes, never a shell', () => {
  expect(parseCommand('command', '["npm","run","migrate"]')).toEqual(['npm', 'run', 'migrate']);
  expect(parseCommand('command', `sh -c "echo 'hi there' && exit 0"`)).toEqual(['sh', '-c', "echo 'hi there' && exit 0"]);
  expect(parseCommand('command', `echo '' "a\\"b"`)).toEqual(['echo', '', 'a"b']);
  expect(messageOf(() => parseCommand('command', 'echo "unterminated'))).toContain('unclosed "');
  expect(messageOf(() => parseCommand('command', '[1,2]'))).toContain('a JSON array of strings');
});

test('a quoted value stays on one line: line breaks and control characters are shown escaped', () => {
  expect(invalid('cluster', 'prod\n::warning::x\r\u0000', 'a cluster name').message).toBe(
    'Input "cluster" has value "prod\\n::warning::x\\r\\u0000": expected a cluster name.',
  );
});
