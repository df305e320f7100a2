import type { ServiceDefinition } from '../types.js';
import { cloudfront } from './cloudfront/index.js';
import { cloudwatch } from './cloudwatch/index.js';
import { ecr } from './ecr/index.js';
import { ecs } from './ecs/index.js';
import { elbv2 } from './elbv2/index.js';
import { events } from './events/index.js';
import { logs } from './logs/index.js';
import { scheduler } from './scheduler/index.js';
import { secretsmanager } from './secretsmanager/index.js';
import { ssm } from './ssm/index.js';
import { sts } from './sts/index.js';

/** Every simulated service. Adding a service is one folder and one line here. */
export const SERVICES: ServiceDefinition[] = [sts, ecr, ecs, logs, secretsmanager, ssm, scheduler, events, cloudwatch, cloudfront, elbv2];
