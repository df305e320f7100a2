import { CONTROL_VERBS } from '../../control.js';
import { resetScenarios, setScenario, setTimings } from './scenarios.js';

/** POST /_sim/ecs/scenario, /_sim/ecs/timings and /_sim/ecs/reset-scenarios (see README.md). */
CONTROL_VERBS.set('ecs/scenario', (world, body) => setScenario(world, body));
CONTROL_VERBS.set('ecs/timings', (world, body) => setTimings(world, body));
CONTROL_VERBS.set('ecs/reset-scenarios', (world) => (resetScenarios(world), {}));
