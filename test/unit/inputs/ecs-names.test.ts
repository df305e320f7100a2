import { parseClusterName, parseServiceName } from '../../../src/inputs/ecs-names.js';

test('clusters: a name or a cluster ARN, as ECS names them', () => {
  for (const ok of [
    'shop',
    'shop_prod-2',
    'arn:aws:ecs:eu-west-1:123456789012:cluster/shop',
    'arn:aws-cn:ecs:cn-north-1:123456789012:cluster/x',
  ]) {
    expect(parseClusterName('cluster', ok)).toBe(ok);
  }
  for (const bad of [
    'shop cluster',
    'shop/prod',
    'a'.repeat(256),
    'arn:aws:ecs:eu-west-1:123456789012:service/shop',
    'shop\n::warning::x',
  ]) {
    expect(() => parseClusterName('cluster', bad)).toThrow(/^Input "cluster" has value ".*": expected a cluster name or ARN\.$/);
  }
});

test('services: a name or a service ARN (with or without the cluster)', () => {
  for (const ok of ['api', 'arn:aws:ecs:eu-west-1:123456789012:service/shop/api', 'arn:aws:ecs:eu-west-1:123456789012:service/api']) {
    expect(parseServiceName('service', ok)).toBe(ok);
  }
  for (const bad of ['my api', 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop']) {
    expect(() => parseServiceName('service', bad)).toThrow(/^Input "service" has value ".*": expected a service name or ARN\.$/);
  }
});
