import type { ServiceDefinition } from '../types.js';
import { sts } from './sts/index.js';

/** Every simulated service. Adding a service is one folder and one line here. */
export const SERVICES: ServiceDefinition[] = [sts];
