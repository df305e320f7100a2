import { expandMatrix, legName } from './matrix.js';

// The example of "Expanding or adding matrix configurations" in GitHub's workflow syntax docs.
test('include follows the documented example', () => {
  const combinations = expandMatrix({
    fruit: ['apple', 'pear'],
    animal: ['cat', 'dog'],
    include: [
      { color: 'green' },
      { color: 'pink', animal: 'cat' },
      { fruit: 'apple', shape: 'circle' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ],
  });
  expect(combinations).toEqual([
    { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
    { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
    { fruit: 'pear', animal: 'cat', color: 'pink' },
    { fruit: 'pear', animal: 'dog', color: 'green' },
    { fruit: 'banana' },
    { fruit: 'banana', animal: 'cat' },
  ]);
});

test('exclude removes partial matches; an include-only matrix is its entries', () => {
  expect(expandMatrix({ os: ['a', 'b'], v: [1, 2], exclude: [{ os: 'a' }] })).toEqual([
    { os: 'b', v: 1 },
    { os: 'b', v: 2 },
  ]);
  expect(expandMatrix({ include: [{ shard: 1 }, { shard: 2 }] })).toEqual([{ shard: 1 }, { shard: 2 }]);
  expect(legName('test', { shard: 1, total: 2 })).toBe('test (1, 2)');
});
