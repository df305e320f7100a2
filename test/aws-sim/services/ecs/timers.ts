import type { World } from '../../world.js';

/**
 * Every timer of the ECS engine is registered here, per world, so that `stopEngine` (called by
 * the simulator's stop()) cancels them all and nothing keeps the process (or jest) alive.
 */
interface TimerState {
  timers: Set<NodeJS.Timeout>;
  stopped: boolean;
}

const timerState = (world: World): TimerState => world.stateOf('ecs.timers', () => ({ timers: new Set(), stopped: false }));

/** Runs `fn` after `ms` unless the engine has been stopped. */
export function schedule(world: World, ms: number, fn: () => void): void {
  const state = timerState(world);
  if (state.stopped) return;
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    if (!state.stopped) fn();
  }, ms);
  timer.unref();
  state.timers.add(timer);
}

/** Cancels every pending ECS timer; tasks and services stay frozen where they are. */
export function stopEngine(world: World): void {
  const state = timerState(world);
  state.stopped = true;
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();
}
