import { groupByRegion } from '../../../src/ecr/registries.js';

test('groupByRegion makes one group per region with distinct IDs, in input order', () => {
  expect(
    groupByRegion([
      { registryId: '111122223333', region: 'eu-west-1' },
      { registryId: '123456789012', region: 'us-east-1' },
      { registryId: '444455556666', region: 'eu-west-1' },
      { registryId: '111122223333', region: 'eu-west-1' },
    ]),
  ).toEqual([
    { region: 'eu-west-1', registryIds: ['111122223333', '444455556666'] },
    { region: 'us-east-1', registryIds: ['123456789012'] },
  ]);
});
