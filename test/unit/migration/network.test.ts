import { applyExplicit, resolvePlacement } from '../../../src/migration/network.js';
import type { NetworkSettings } from '../../../src/migration/settings.js';
import { memoryLogger } from '../../../src/logger.js';
import { fakeClient } from '../fake-aws.js';

const none: NetworkSettings = { subnets: [], securityGroups: [] };
const fromService = {
  networkConfiguration: {
    awsvpcConfiguration: { subnets: ['subnet-aaaa1111'], securityGroups: ['sg-bbbb2222'], assignPublicIp: 'DISABLED' as const },
  },
  capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
  platformVersion: '1.4.0',
};

test("explicit values replace the service's field by field", () => {
  expect(applyExplicit(fromService, { ...none, securityGroups: ['sg-cccc3333'] })).toEqual({
    ...fromService,
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-aaaa1111'], securityGroups: ['sg-cccc3333'], assignPublicIp: 'DISABLED' },
    },
  });
  const spot = applyExplicit(fromService, { ...none, launchType: 'FARGATE' });
  expect(spot.launchType).toBe('FARGATE');
  expect(spot.capacityProviderStrategy).toBeUndefined();
});

test('without a service, subnets make the awsvpc configuration', () => {
  expect(applyExplicit({}, { ...none, subnets: ['subnet-aaaa1111'], assignPublicIp: 'ENABLED' })).toEqual({
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-aaaa1111'], assignPublicIp: 'ENABLED' } },
  });
  expect(applyExplicit({}, none)).toEqual({});
});

test('copies network, capacity providers and platform version from the service', async () => {
  const ecs = fakeClient({
    DescribeServices: () => ({ services: [{ serviceName: 'api', status: 'ACTIVE', launchType: 'FARGATE', ...fromService }], failures: [] }),
  });
  const placement = await resolvePlacement({ ecs, cluster: 'shop', network: { ...none, service: 'api' }, logger: memoryLogger() });
  // A service with a strategy reports its launch type too; RunTask refuses both.
  expect(placement).toEqual(fromService);
  expect(ecs.callsTo('DescribeServices')).toEqual([{ cluster: 'shop', services: ['api'] }]);
});

test('a missing service is a one-line input error', async () => {
  const ecs = fakeClient({ DescribeServices: () => ({ services: [], failures: [{ arn: 'x', reason: 'MISSING' }] }) });
  await expect(resolvePlacement({ ecs, cluster: 'shop', network: { ...none, service: 'nope' }, logger: memoryLogger() })).rejects.toThrow(
    'Input "service" has value "nope": expected an active service of cluster shop to copy the network from (MISSING).',
  );
});
