import { firstHostRegion, parseRegistry } from '../../../src/inputs/ecr-registries.js';

describe('parseRegistry', () => {
  test('an account ID means that account in the action region', () => {
    expect(parseRegistry('registries', '111122223333', 'us-east-1')).toEqual({ registryId: '111122223333', region: 'us-east-1' });
  });

  test.each([
    ['111122223333.dkr.ecr.eu-west-1.amazonaws.com', '111122223333', 'eu-west-1'],
    ['https://444455556666.dkr.ecr.ap-southeast-2.amazonaws.com/', '444455556666', 'ap-southeast-2'],
    ['111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com', '111122223333', 'us-gov-west-1'],
    ['111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn', '111122223333', 'cn-north-1'],
    [' 111122223333.DKR.ECR.EU-CENTRAL-1.AMAZONAWS.COM ', '111122223333', 'eu-central-1'],
  ])('a host names its account and region: %s', (entry, registryId, region) => {
    expect(parseRegistry('registries', entry, 'us-east-1')).toEqual({ registryId, region });
  });

  test.each(['12345', 'abc', 'docker.io', '111122223333.dkr.ecr.nowhere.amazonaws.com', 'public.ecr.aws', '1111222233334'])(
    'rejects %s with a one-line error naming the input',
    (entry) => {
      expect(() => parseRegistry('registries', entry, 'us-east-1')).toThrow(
        new RegExp(`^Input "registries" has value "${entry.replace(/\./g, '\\.')}": expected AWS account IDs`),
      );
    },
  );

  test('an account ID without any region is an error, not a guess', () => {
    expect(() => parseRegistry('registries', '111122223333', undefined)).toThrow(/needs a region/);
  });
});

test('firstHostRegion finds the region of the first host entry', () => {
  expect(firstHostRegion(['111122223333', '111122223333.dkr.ecr.eu-west-3.amazonaws.com'])).toBe('eu-west-3');
  expect(firstHostRegion(['111122223333'])).toBeUndefined();
});
