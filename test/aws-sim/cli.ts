import { simulatorEnv, startSimulator } from './server.js';

/** Runs the simulator as its own process (demo, bench, manual use): prints its env as JSON. */
const port = Number(process.env.SIM_PORT ?? 0);
const sim = await startSimulator({ port });
console.log(JSON.stringify(simulatorEnv(sim)));
const stop = () => sim.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
