import { ActionFailure, ConfigurationError, describeError } from '../../src/errors.js';

/** Issue 7 finding 13: every error the step fails with is one line, whatever its message held. */

test('our own errors are shown whole, their line breaks joined', () => {
  expect(describeError(new ConfigurationError('Input "repository" has value "a\nb": expected a name.'))).toBe(
    'Input "repository" has value "a b": expected a name.',
  );
  expect(describeError(new ActionFailure('2 of 3 services failed:\r\n  api: crashed\r  web: timed out\n'))).toBe(
    '2 of 3 services failed: api: crashed web: timed out',
  );
});

test('anything else is its name and the first line of its message', () => {
  const error = Object.assign(new Error('\nUnexpected token < in JSON\n  at parse'), { name: 'SyntaxError' });
  expect(describeError(error)).toBe('SyntaxError: Unexpected token < in JSON');
  expect(describeError('plain\ntext')).toBe('plain text');
});
