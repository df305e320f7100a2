import type { World } from '../../world.js';
import { storeTaskDefinition, type TaskDefinitionRecord } from './taskdef-store.js';

/**
 * Registers a task definition straight into the store, for tests that need one without going
 * through RegisterTaskDefinition (no validation: pass what the test needs).
 */
export function registerForTest(world: World, document: Record<string, any>, region = 'us-east-1'): TaskDefinitionRecord {
  const compatibilities = document.compatibilities ?? [...new Set(['EC2', ...(document.requiresCompatibilities ?? [])])];
  return storeTaskDefinition(world, { document: { compatibilities, ...document }, region });
}
