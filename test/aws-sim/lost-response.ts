import { CONTROL_VERBS } from './control.js';
import { serverErrorOf } from './faults.js';
import type { World } from './world.js';

/**
 * "Committed, then the response was lost": the next `times` calls of one operation are applied
 * as usual and then answered with the service's 5xx, as when a connection breaks on the way
 * back. A client that retries then repeats a call AWS already applied; for a call without a
 * client token (RegisterTaskDefinition) every retry adds another revision.
 *
 *   loseResponses(world, 'ecs.RegisterTaskDefinition', 1)      (or POST /_sim/lost-responses
 *   {"operation": "ecs.RegisterTaskDefinition", "times": 1})
 */
interface LostResponses {
  /** Responses still to lose, per "service.Operation". */
  remaining: Map<string, number>;
  /** Responses lost so far, per "service.Operation". */
  lost: Map<string, number>;
}

const lostResponses = (world: World) => world.stateOf<LostResponses>('lost-responses', () => ({ remaining: new Map(), lost: new Map() }));

export function loseResponses(world: World, operation: string, times = 1): void {
  if (!/^[a-z0-9-]+\.[A-Za-z]+$/.test(operation))
    throw new Error(`operation must look like "ecs.RegisterTaskDefinition", got ${JSON.stringify(operation)}`);
  if (!Number.isInteger(times) || times < 0) throw new Error(`times must be a whole number, got ${JSON.stringify(times)}`);
  lostResponses(world).remaining.set(operation, times);
}

/** How many responses of `operation` were lost after being applied. */
export const lostCount = (world: World, operation: string): number => lostResponses(world).lost.get(operation) ?? 0;

/** Called once a call was applied: throws the service's 5xx when this response is to be lost. */
export function loseResponseIfDue(world: World, service: string, operation: string): void {
  const key = `${service}.${operation}`;
  const state = lostResponses(world);
  const remaining = state.remaining.get(key) ?? 0;
  if (remaining <= 0) return;
  state.remaining.set(key, remaining - 1);
  state.lost.set(key, (state.lost.get(key) ?? 0) + 1);
  throw serverErrorOf(service);
}

CONTROL_VERBS.set('lost-responses', (world, body) => (loseResponses(world, body.operation, body.times ?? 1), {}));
