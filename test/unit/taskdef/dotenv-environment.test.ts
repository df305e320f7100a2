import { parseDotenv } from '../../../src/taskdef/dotenv.js';
import { applyEnvironment } from '../../../src/taskdef/environment.js';

test('dotenv: export, comments, quotes, escapes, inline comments, = in values', () => {
  const text = ['# c', 'export A=1', 'B="two words\\nline"', "C='lit $X \\n'", 'D=url?x=1 # note', 'E=', ''].join('\n');
  expect(parseDotenv(text, 'f')).toEqual([
    ['A', '1'],
    ['B', 'two words\nline'],
    ['C', 'lit $X \\n'],
    ['D', 'url?x=1'],
    ['E', ''],
  ]);
});

test('dotenv: a bad line is named', () => {
  expect(() => parseDotenv('A=1\nnot a line', 'Input "env-file" ("x")')).toThrow(
    'Input "env-file" ("x") line 2: expected KEY=value (no "=" on the line).',
  );
  expect(() => parseDotenv('A="open', 'f')).toThrow('f line 1: unclosed ".');
});

test('environment: changed keep their place, new are appended, removed go', () => {
  const container: Record<string, any> = {
    environment: [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
      { name: 'C', value: '3' },
    ],
  };
  applyEnvironment(container, {
    set: [
      ['B', 'two'],
      ['D', '4'],
    ],
    remove: ['A'],
  });
  expect(container.environment).toEqual([
    { name: 'B', value: 'two' },
    { name: 'C', value: '3' },
    { name: 'D', value: '4' },
  ]);
});
