import type { ServiceDefinition } from '../../types.js';
import './ecs-link.js';
import './seed.js';
import { listenerHandlers } from './listeners.js';
import { loadBalancerHandlers } from './load-balancers.js';
import { ruleHandlers } from './rules.js';
import { tagHandlers } from './tags.js';
import { targetGroupHandlers } from './target-groups.js';
import { targetHandlers } from './targets.js';

/** Elastic Load Balancing v2 (application load balancers), AWS query protocol, API version 2015-12-01. */
export const elbv2: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'query',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  handlers: { ...loadBalancerHandlers, ...targetGroupHandlers, ...listenerHandlers, ...ruleHandlers, ...targetHandlers, ...tagHandlers },
};
