import type { ServiceDefinition } from '../../types.js';

export const ssm: ServiceDefinition = {
  signingName: 'ssm',
  protocol: 'json',
  targetPrefix: 'AmazonSSM',
  handlers: {},
};
