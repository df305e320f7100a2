import type { ServiceDefinition } from '../../types.js';

export const secretsmanager: ServiceDefinition = {
  signingName: 'secretsmanager',
  protocol: 'json',
  targetPrefix: 'secretsmanager',
  handlers: {},
};
