import type { ServiceDefinition } from '../../types.js';

export const ecr: ServiceDefinition = {
  signingName: 'ecr',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
  handlers: {},
};
