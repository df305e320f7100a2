/** Injectable faults: a share of calls throttled or failing with 5xx, and added latency. */
export interface Faults {
  /** 0..1: share of calls answered with ThrottlingException (or the service's throttling code). */
  throttle: number;
  /** 0..1: share of calls answered with a 500/503. */
  serverError: number;
  /** Milliseconds added to every call. */
  latencyMs: number;
  /** Only these operations ("ecs.DescribeServices" or "DescribeServices"); empty means all. */
  operations: string[];
}

export const noFaults = (): Faults => ({ throttle: 0, serverError: 0, latencyMs: 0, operations: [] });

export function appliesTo(faults: Faults, service: string, operation: string): boolean {
  return !faults.operations.length || faults.operations.some((op) => op === operation || op === `${service}.${operation}`);
}
