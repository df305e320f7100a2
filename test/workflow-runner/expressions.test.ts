import { evaluate, evaluateCondition } from './expressions.js';

test("every '' in a string literal is one quote (the library's lexer unescapes only the first)", () => {
  // Seen before the workaround: "a'b''c".
  expect(evaluate(`'a''b''c'`, {})).toBe("a'b'c");
  expect(evaluate(`format('-d ''{{"ref":"{0}"}}''', github.sha)`, { github: { sha: 'abc' } })).toBe(`-d '{"ref":"abc"}'`);
});

test('if: without a status function means success() && (...); with one it is taken as written', () => {
  const failed = { success: false, cancelled: false };
  expect(evaluateCondition(`github.ref == 'refs/heads/main'`, { github: { ref: 'refs/heads/main' } }, failed)).toBe(false);
  expect(evaluateCondition(`always() && github.ref == 'refs/heads/main'`, { github: { ref: 'refs/heads/main' } }, failed)).toBe(true);
  expect(evaluateCondition('failure()', {}, failed)).toBe(true);
  expect(evaluateCondition('failure()', {}, { success: false, failure: false, cancelled: false })).toBe(false);
  expect(evaluateCondition('cancelled()', {}, { success: false, cancelled: true })).toBe(true);
});

test('contexts are case-insensitive and unknown contexts are errors, as in GitHub', () => {
  expect(evaluate('GitHub.Ref', { github: { ref: 'x' } })).toBe('x');
  expect(evaluate(`fromJSON('{"a":[1,2]}').a[1]`, {})).toBe(2);
  expect(() => evaluate('steps.x.outputs.y', { github: {} })).toThrow(/Unrecognized named-value: 'steps'/);
});
