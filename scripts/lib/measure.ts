import type { StepResult } from './job.js';

/** Small pure helpers of the benchmarks, over the simulator's call log and the steps' results. */

export interface Call {
  key: string;
  at: number;
  userAgent?: string;
}

export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Calls that arrived while a step's process ran. */
export function callsDuring(log: readonly Call[], step: Pick<StepResult, 'spawnedAt' | 'endedAt'>): Call[] {
  return log.filter((c) => c.at >= step.spawnedAt && c.at <= step.endedAt);
}

export function countByOperation(calls: readonly Call[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { key } of calls) counts[key] = (counts[key] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Process start to the first AWS request the simulator received from that step. */
export function coldStart(log: readonly Call[], step: Pick<StepResult, 'spawnedAt' | 'endedAt'>): number | undefined {
  const first = callsDuring(log, step)[0];
  return first ? first.at - step.spawnedAt : undefined;
}

/**
 * For each written log line, the delay until a step printed it: matched by text, in order, each
 * printed line used once. Lines never printed are left out (and counted by the caller).
 */
export function lineLatencies(
  written: ReadonlyArray<{ message: string; at: number }>,
  printed: ReadonlyArray<{ text: string; at: number }>,
): number[] {
  const latencies: number[] = [];
  let from = 0;
  for (const line of written) {
    const index = printed.findIndex((p, i) => i >= from && p.text.includes(line.message));
    if (index < 0) continue;
    latencies.push(printed[index].at - line.at);
    from = index + 1;
  }
  return latencies;
}

export const ms = (value: number | undefined) => (value === undefined ? undefined : Math.round(value));
