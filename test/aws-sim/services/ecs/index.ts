import type { ServiceDefinition } from '../../types.js';
import './control-verbs.js';
import { engineHandlers } from './engine-handlers.js';
import { taskDefinitionHandlers } from './taskdefs.js';

export const ecs: ServiceDefinition = {
  signingName: 'ecs',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  handlers: { ...taskDefinitionHandlers, ...engineHandlers },
};
