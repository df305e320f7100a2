import type { ServiceDefinition } from '../../types.js';
import { logsHandlers } from './handlers.js';

export const logs: ServiceDefinition = {
  signingName: 'logs',
  protocol: 'json',
  targetPrefix: 'Logs_20140328',
  handlers: logsHandlers,
};
