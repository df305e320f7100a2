import type { World } from '../../world.js';

/**
 * Every timer of the ECS engine is registered here, per world, so that `stopEngine` (called by
 * the simulator's stop()) cancels them all and nothing keeps the process (or jest) alive.
 */
const timersOf = (world: World): Set<NodeJS.Timeout> => world.stateOf('ecs.timers', () => new Set<NodeJS.Timeout>());

/** Runs `fn` after `ms` milliseconds. */
export function schedule(world: World, ms: number, fn: () => void): void {
  const timers = timersOf(world);
  const timer = setTimeout(() => {
    timers.delete(timer);
    fn();
  }, ms);
  timer.unref();
  timers.add(timer);
}

/** Cancels every pending ECS timer: tasks and services stay frozen where they are. */
export function stopEngine(world: World): void {
  const timers = timersOf(world);
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
}

/** How many ECS timers are pending (tests check that stop() leaves none). */
export const pendingTimers = (world: World): number => timersOf(world).size;
