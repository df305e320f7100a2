import type { Halt } from '../halt.js';
import { canaryPoll, haltOf, type WaitContext } from '../waits.js';
import type { GateReading } from './gates.js';

/** The ALB canary's own wait: until the canary group has a healthy target to send traffic to. */

/** Until the canary has a healthy target (a fired gate halts at once). One line each time the reading changes. */
export async function waitReady(context: WaitContext, read: () => Promise<GateReading>): Promise<GateReading | Halt<GateReading>> {
  let said = '';
  const ended = await canaryPoll<GateReading | Halt<GateReading>>(context, 'healthy canary targets', async () => {
    const reading = await read();
    if (reading.failure) return { kind: 'gate', reason: reading.failure, reading };
    if (reading.ready) return reading;
    const line = `Waiting for a healthy canary target: ${readingText(reading)}`;
    if (line !== said) context.logger.info((said = line));
    return undefined;
  });
  return ended.end === 'done' ? ended.value : haltOf(ended, context.timeoutMs, 'a healthy canary target');
}

/** Why a bake reading stops an ALB canary: a fired gate, or no healthy target left. */
export function bakeStopOf(reading: GateReading): string | undefined {
  return reading.failure ?? (reading.ready ? undefined : `The canary has no healthy target (${reading.health})`);
}

export function readingText(reading: GateReading): string {
  return [`targets ${reading.health}`, reading.alarms && `alarms ${reading.alarms}`].filter(Boolean).join('; ');
}
