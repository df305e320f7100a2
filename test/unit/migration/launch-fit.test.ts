import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { checkLaunchFit } from '../../../src/migration/launch-fit.js';
import type { NetworkSettings } from '../../../src/migration/settings.js';

const cluster = { clusterName: 'shop', capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [] };
const none: NetworkSettings = { subnets: [], securityGroups: [] };
const vpc = { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-aaaa1111'] } } };
const planned = (definition: TaskDefinition) => ({ definition, name: 'shop:3' });
const fit =
  (options: { definition: TaskDefinition; placement?: object; network?: Partial<NetworkSettings>; clusterOverrides?: object }) => () =>
    checkLaunchFit({
      planned: planned(options.definition),
      placement: options.placement ?? {},
      network: { ...none, ...options.network },
      cluster: { ...cluster, ...options.clusterOverrides },
    });

test('an awsvpc task definition needs a network; others take none', () => {
  expect(fit({ definition: { networkMode: 'awsvpc' } })).toThrow(
    'Task definition shop:3 uses networkMode awsvpc: set "service" to copy its network configuration, or "subnets" and "security-groups".',
  );
  expect(fit({ definition: { networkMode: 'bridge' } })).not.toThrow();
  expect(fit({ definition: { networkMode: 'bridge' }, placement: vpc, network: { subnets: ['subnet-aaaa1111'] } })).toThrow(
    'Task definition shop:3 uses networkMode bridge, which takes no subnets or security groups (given by input "subnets"): use an awsvpc task definition or leave them out.',
  );
  expect(fit({ definition: { networkMode: 'host' }, placement: vpc, network: { service: 'api' } })).toThrow(/\(given by service api\)/);
});

test("capacity providers must be the cluster's", () => {
  const strategy = [{ capacityProvider: 'spot-ec2', weight: 1 }];
  expect(
    fit({ definition: {}, placement: { capacityProviderStrategy: strategy }, network: { capacityProviderStrategy: strategy } }),
  ).toThrow(
    'Input "capacityProviderStrategy" has value "spot-ec2": expected capacity providers of cluster shop (it has FARGATE, FARGATE_SPOT).',
  );
});

test('Fargate needs a Fargate-compatible definition, whoever chose Fargate', () => {
  const ec2Only = { networkMode: 'awsvpc', compatibilities: ['EC2'] } as TaskDefinition;
  expect(fit({ definition: ec2Only, placement: { ...vpc, launchType: 'FARGATE' }, network: { launchType: 'FARGATE' } })).toThrow(
    'Task definition shop:3 cannot run on Fargate (it is compatible with EC2), where input "launch-type" runs it.',
  );
  const spot = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
  expect(fit({ definition: ec2Only, placement: vpc, clusterOverrides: { defaultCapacityProviderStrategy: spot } })).toThrow(
    /where the default capacity provider strategy of cluster shop runs it\.$/,
  );
  // Unknown compatibilities (a file without requiresCompatibilities) and unknown platforms are ECS's to judge.
  expect(fit({ definition: { networkMode: 'awsvpc' }, placement: { ...vpc, launchType: 'FARGATE' } })).not.toThrow();
  expect(fit({ definition: ec2Only, placement: vpc })).not.toThrow();
});

test('a public IP is for Fargate only', () => {
  const placement = {
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-aaaa1111'], assignPublicIp: 'ENABLED' } },
    launchType: 'EC2',
  };
  expect(fit({ definition: { networkMode: 'awsvpc' }, placement, network: { launchType: 'EC2', assignPublicIp: 'ENABLED' } })).toThrow(
    'A public IP is for Fargate tasks only, and input "launch-type" runs this one on EC2: leave "assign-public-ip" unset or false.',
  );
  expect(fit({ definition: { networkMode: 'awsvpc' }, placement: { ...placement, launchType: 'FARGATE' } })).not.toThrow();
});

test('of a file not yet registered only the network mode rules Fargate out (ECS computes compatibilities itself)', () => {
  const placement = { launchType: 'FARGATE' };
  expect(fit({ definition: { networkMode: 'bridge' }, placement, network: { launchType: 'FARGATE' } })).toThrow(
    'Task definition shop:3 cannot run on Fargate (it uses networkMode bridge), where input "launch-type" runs it.',
  );
  // requiresCompatibilities EC2 alone does not: ECS adds FARGATE when the definition fits it.
  const ec2Asked = { networkMode: 'awsvpc', requiresCompatibilities: ['EC2'] } as TaskDefinition;
  expect(fit({ definition: ec2Asked, placement: { ...vpc, launchType: 'FARGATE' } })).not.toThrow();
});
