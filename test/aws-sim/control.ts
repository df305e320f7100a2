import type { IncomingMessage, ServerResponse } from 'node:http';
import { newTally, noFaults, type Faults } from './faults.js';
import { checkModes, DEFAULT_MODES, type SimModes } from './modes.js';
import type { World } from './world.js';

/**
 * The control interface under /_sim/ (the same World methods are used directly when the
 * simulator runs in-process):
 *   GET  /_sim/calls            -> call counts per "service.Operation"
 *   POST /_sim/calls/reset
 *   POST /_sim/faults           {throttle, serverError, latencyMs, operations}
 *   GET  /_sim/faults/injected  -> {throttle, serverError}: faults injected since the last POST
 *   POST /_sim/modes            {consistencyWindowMs, throttleBucket, ...}: merged into the modes (modes.ts)
 *   GET  /_sim/modes/refusals   -> {throttleBucket}: calls the token bucket refused
 *   POST /_sim/<service>/<verb> -> a service's own control verbs (scenarios...), see CONTROL_VERBS
 */
export type ControlVerb = (world: World, body: any) => unknown;

/** Services register their control verbs here ("ecs/scenario" -> handler). */
export const CONTROL_VERBS = new Map<string, ControlVerb>();

export function setFaults(world: World, faults: Partial<Faults>): void {
  world.faults = { ...noFaults(), ...faults };
  world.faultTally = newTally(world.faults);
}

/** Merges `modes` into the world's modes (see modes.ts); `reset` starts from the defaults. */
export function setModes(world: World, modes: Partial<SimModes>, reset = false): SimModes {
  world.modes = { ...(reset ? DEFAULT_MODES : world.modes), ...checkModes(modes) };
  world.buckets.clear();
  return world.modes;
}

export async function handleControl(world: World, req: IncomingMessage, res: ServerResponse, body: string) {
  const path = (req.url ?? '').replace(/^\/_sim\//, '').replace(/\?.*$/, '');
  const input = body.trim() ? JSON.parse(body) : {};
  let output: unknown;
  try {
    if (path === 'calls') output = world.callCounts();
    else if (path === 'calls/reset') output = (world.calls.clear(), (world.callLog.length = 0), {});
    else if (path === 'faults') output = (setFaults(world, input), world.faults);
    else if (path === 'faults/injected') output = world.faultTally.injected;
    else if (path === 'modes/refusals') output = { throttleBucket: world.bucketRefusals };
    else if (path === 'modes') output = setModes(world, input);
    else if (CONTROL_VERBS.has(path)) output = await CONTROL_VERBS.get(path)!(world, input);
    else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no control verb ${path}` }));
      return;
    }
  } catch (error) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: (error as Error).message }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(output ?? {}));
}
