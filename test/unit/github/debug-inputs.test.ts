import { debugInputs } from '../../../src/github/debug-inputs.js';
import { printed } from './stdout.js';

/** Issue 8 item 3: the parsed inputs go to the debug log, secrets left out. */

test('the parsed inputs are one debug line; hidden keys show *** wherever they are nested', () => {
  const lines = printed(() =>
    debugInputs(
      { request: { repository: 'shop', secrets: [{ id: 'npm', value: 'tok-123' }], timeoutMs: 1000 }, unset: undefined },
      { hide: ['secrets'] },
    ),
  );
  expect(lines).toEqual(['::debug::Inputs: {"request":{"repository":"shop","secrets":"***","timeoutMs":1000}}']);
  expect(lines.join('\n')).not.toContain('tok-123');
});

test('an empty hidden value stays visible as empty, so "no secrets" reads as such', () => {
  expect(printed(() => debugInputs({ secrets: [] }, { hide: ['secrets'] }))).toEqual(['::debug::Inputs: {"secrets":[]}']);
});
