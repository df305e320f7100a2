import { parseSteps } from '../../../actions/route-canary/inputs.js';

/** route-canary's steps input: rising whole percentages from 1 to 100. */

test.each([
  ['10,25,50,100', [10, 25, 50, 100]],
  ['5%, 50%', [5, 50]],
  ['1\n100', [1, 100]],
  ['30', [30]],
])('%j reads as %j', (raw, steps) => {
  expect(parseSteps(raw)).toEqual(steps);
});

test.each(['', '0,50', '50,25', '25,25', '10,101', '12.5,50', 'ten', '-5,10'])('%j is refused naming the input', (raw) => {
  expect(() => parseSteps(raw)).toThrow(
    `Input "steps" has value "${raw.replace(/\n/g, '\\n')}": expected rising whole percentages from 1 to 100 separated by commas, such as 10,25,50,100.`,
  );
});
