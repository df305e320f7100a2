import type { World } from '../../world.js';

/**
 * What simulated containers do (scenarios) and how long ECS takes for each step (timings).
 * The contract is documented in test/aws-sim/README.md ("ECS scenarios and timings").
 */
export type Outcome = 'healthy' | 'exit' | 'pull-error' | 'unhealthy' | 'oom' | 'no-capacity';

export const OUTCOMES: readonly Outcome[] = ['healthy', 'exit', 'pull-error', 'unhealthy', 'oom', 'no-capacity'];

export interface Scenario {
  /** Matches containers whose image equals this exactly. */
  image?: string;
  /** Matches every container of tasks of this task definition family. */
  family?: string;
  /** Additionally requires this container name. */
  container?: string;
  /** Additionally requires the task's startedBy (a one-off task from RunTask, not a service's). */
  startedBy?: string;
  outcome: Outcome;
  exitCode?: number;
  afterMs?: number;
  logs?: string[];
  logIntervalMs?: number;
}

export interface Timings {
  provisioningMs: number;
  pendingMs: number;
  healthyMs: number;
  drainMs: number;
  stoppingMs: number;
  deprovisioningMs: number;
  schedulerMs: number;
  stableMs: number;
  steadyStateMs: number;
  /** ListTasks with desiredStatus STOPPED shows tasks stopped within this long (ECS: about an hour). */
  stoppedTaskVisibleMs: number;
  /** A RunTask clientToken is remembered this long (ECS: 24 hours). */
  clientTokenTtlMs: number;
  /** How long a minute of a native deployment lasts (bake times, canary and step bakes, hook timeouts). */
  minuteMs: number;
}

export const DEFAULT_TIMINGS: Timings = {
  provisioningMs: 20,
  pendingMs: 30,
  healthyMs: 30,
  drainMs: 30,
  stoppingMs: 20,
  deprovisioningMs: 20,
  schedulerMs: 20,
  stableMs: 50,
  steadyStateMs: 50,
  stoppedTaskVisibleMs: 3_600_000,
  clientTokenTtlMs: 86_400_000,
  minuteMs: 100,
};

export const DEFAULT_AFTER_MS = 100;
export const DEFAULT_LOG_INTERVAL_MS = 20;

interface ScenarioState {
  scenarios: Scenario[];
  timings: Timings;
}

const scenarioState = (world: World): ScenarioState =>
  world.stateOf('ecs.scenarios', () => ({ scenarios: [], timings: { ...DEFAULT_TIMINGS } }));

/** Adds a scenario; later scenarios win over earlier ones for the containers they both match. */
export function setScenario(world: World, scenario: Scenario): Scenario {
  const checked = validateScenario(scenario);
  scenarioState(world).scenarios.push(checked);
  return checked;
}

export function resetScenarios(world: World): void {
  scenarioState(world).scenarios = [];
}

/** Merges the given timings into the current ones and returns the result. */
export function setTimings(world: World, timings: Partial<Timings>): Timings {
  const state = scenarioState(world);
  for (const [key, value] of Object.entries(timings)) {
    if (!(key in DEFAULT_TIMINGS)) throw new Error(`unknown ECS timing "${key}" (known: ${Object.keys(DEFAULT_TIMINGS).join(', ')})`);
    if (typeof value !== 'number' || value < 0) throw new Error(`ECS timing ${key} must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  state.timings = { ...state.timings, ...timings };
  return state.timings;
}

export const timingsOf = (world: World): Timings => scenarioState(world).timings;

/** The scenario of one container: the last matching one, or healthy with no logs. */
export function scenarioFor(world: World, target: { family: string; container: string; image: string; startedBy?: string }): Scenario {
  const matches = scenarioState(world).scenarios.filter(
    (s) =>
      (s.image === undefined || s.image === target.image) &&
      (s.family === undefined || s.family === target.family) &&
      (s.container === undefined || s.container === target.container) &&
      (s.startedBy === undefined || s.startedBy === target.startedBy),
  );
  return matches.at(-1) ?? { outcome: 'healthy' };
}

function validateScenario(input: any): Scenario {
  if (!input || typeof input !== 'object') throw new Error('a scenario is an object');
  if (!OUTCOMES.includes(input.outcome)) {
    throw new Error(`scenario outcome must be one of ${OUTCOMES.join(', ')}; got ${JSON.stringify(input.outcome)}`);
  }
  if (input.logs !== undefined && (!Array.isArray(input.logs) || input.logs.some((l: unknown) => typeof l !== 'string'))) {
    throw new Error('scenario logs must be an array of strings');
  }
  for (const key of ['exitCode', 'afterMs', 'logIntervalMs']) {
    if (input[key] !== undefined && typeof input[key] !== 'number') throw new Error(`scenario ${key} must be a number`);
  }
  return { ...input };
}
