import { newTally, noFaults, type Faults, type FaultTally } from './faults.js';
import { DEFAULT_MODES, type SimModes } from './modes.js';
import type { BucketState } from './throttle-bucket.js';
import type { Registry } from '../registry/registry.js';

/** The real registry backing ECR (see test/registry/registry.ts and the README). */
export type SimRegistry = Pick<Registry, 'host' | 'url' | 'username' | 'password' | 'caFile'> & { dir?: string };

/**
 * Everything the simulated account holds. Each service keeps its state in its own folder
 * (services/<name>/state.ts) and hangs it here, so handlers of one service can read another's
 * (ECS writes awslogs output into CloudWatch Logs, ECR answers from the registry).
 */
export class World {
  readonly accountId = '123456789012';
  faults: Faults = noFaults();
  /** How the current faults are being spread, and how many were injected (reset by setFaults). */
  faultTally: FaultTally = newTally();
  /** The harsher behaviours AWS documents (modes.ts); `setModes` or startSimulator({ harsh }) turn them on. */
  modes: SimModes = { ...DEFAULT_MODES };
  /** Token buckets of `modes.throttleBucket`, per "service|account|region", and how many calls they refused. */
  readonly buckets = new Map<string, BucketState>();
  bucketRefusals = 0;
  /** When set, ECR answers from this registry (startSimulator({ registry })). */
  registry?: SimRegistry;
  /** Calls per "service.Operation", including throttled and failed ones. */
  readonly calls = new Map<string, number>();
  /** Per-service state, created on first use by each service's `stateOf(world)`. */
  readonly services = new Map<string, unknown>();

  /**
   * Every call in order with its arrival time (benchmarks: cold start, calls per minute) and the
   * caller's user agent (tests: the toolkit names itself and the action, as CloudTrail shows).
   */
  readonly callLog: Array<{ key: string; at: number; userAgent?: string }> = [];

  count(key: string, userAgent?: string): void {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    this.callLog.push({ key, at: Date.now(), ...(userAgent ? { userAgent } : {}) });
  }

  callCounts(): Record<string, number> {
    return Object.fromEntries([...this.calls].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Calls per "service.Operation" refused by an injected fault or throttle before their handler ran. */
  readonly refused = new Map<string, number>();

  /**
   * Calls that reached their handler: callCounts() less the ones a fault or throttle refused (an
   * SDK retry after a throttle is one change in AWS, two calls in callCounts()).
   */
  appliedCounts(): Record<string, number> {
    const applied = [...this.calls].map(([key, n]) => [key, n - (this.refused.get(key) ?? 0)] as const).filter(([, n]) => n > 0);
    return Object.fromEntries(applied.sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Returns the state of one service, creating it with `create` on first use. */
  stateOf<S>(service: string, create: () => S): S {
    if (!this.services.has(service)) this.services.set(service, create());
    return this.services.get(service) as S;
  }
}
