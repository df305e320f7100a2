import { actionsLogger, couldBeCommand } from '../../../src/github/logger.js';
import { printed } from './stdout.js';

/**
 * The runner's printer (issue 7 finding 3): what the runner could read as a workflow command is
 * fenced with stop-commands; everything else is printed as it is.
 */

test.each([
  '::warning::x',
  '  ::set-output name=a::b',
  'cluster prod\n::add-mask::x',
  'cluster prod\r::error::x',
  'cluster\r\n\t::notice::x',
  '\u200b::warning::x',
  '\u00a0::warning::x',
  'see ##[warning]x',
  'see #\u200b#[error]x',
])('%j could be read as a command', (text) => {
  expect(couldBeCommand(text)).toBe(true);
});

test.each(['Deploying web to prod', 'role arn:aws:iam::123456789012:role/deploy', 'a :: b', 'issue #12 [closed]'])(
  '%j is plain text',
  (text) => {
    expect(couldBeCommand(text)).toBe(false);
  },
);

test('plain text is printed as it is', () => {
  expect(printed(() => actionsLogger.info('Deploying web to prod'))).toEqual(['Deploying web to prod']);
});

test('a message with a command line is printed inside a fence with a fresh random token', () => {
  const lines = printed(() => actionsLogger.info('cluster x\r::warning::forged'));
  expect(lines).toHaveLength(4);
  const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(lines[0])?.[1];
  expect(token).toBeDefined();
  expect(lines.slice(1)).toEqual(['cluster x', '::warning::forged', `::${token}::`]);
  const again = printed(() => actionsLogger.untrusted('::add-mask::x'));
  expect(again[0]).not.toBe(lines[0]);
});

test('a warning goes out as one escaped command line', () => {
  const lines = printed(() => actionsLogger.warning('bad\n::error::forged'));
  expect(lines).toEqual(['::warning::bad%0A::error::forged']);
});

test('a debug line goes out as one escaped command line', () => {
  expect(printed(() => actionsLogger.debug('stack\n::error::forged'))).toEqual(['::debug::stack%0A::error::forged']);
});
