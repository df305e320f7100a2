import { parseCapacityProviderStrategy } from '../../../src/inputs/capacity-provider-strategy.js';

const parse = (raw: string) => parseCapacityProviderStrategy('capacity-provider-strategy', raw);

test('provider[:weight[:base]] items, Fargate Spot included', () => {
  expect(parse('FARGATE_SPOT:3, FARGATE:1:1')).toEqual([
    { capacityProvider: 'FARGATE_SPOT', weight: 3 },
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
  ]);
  expect(parse('FARGATE_SPOT')).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
});

test("ECS's JSON array", () => {
  expect(parse('[{"capacityProvider":"FARGATE_SPOT","weight":2,"base":0}]')).toEqual([
    { capacityProvider: 'FARGATE_SPOT', weight: 2, base: 0 },
  ]);
});

test.each(['FARGATE_SPOT:x', 'a b', '[{"weight":1}]', '{"capacityProvider":"x"}', 'FARGATE:1:1, FARGATE_SPOT:1:2', 'X:5000'])(
  '%s is refused with one line naming the input',
  (raw) => {
    expect(() => parse(raw)).toThrow(/^Input "capacity-provider-strategy" has value ".*": expected .*\.$/);
  },
);
