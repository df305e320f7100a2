import { AwsError } from './errors.js';

/** Injectable faults: a share of calls throttled or failing with 5xx, and added latency. */
export interface Faults {
  /** 0..1: share of calls answered with ThrottlingException. */
  throttle: number;
  /** 0..1: share of calls answered with the service's 5xx (ECS: ServerException, 500). */
  serverError: number;
  /** Milliseconds added to every call. */
  latencyMs: number;
  /** Only these operations ("ecs.DescribeServices" or "DescribeServices"); empty means all. */
  operations: string[];
}

export type FaultKind = 'throttle' | 'serverError';

/**
 * Where the spreading of each fault stands, and how many were injected. A share is applied
 * exactly and evenly (0.3 throttles the 1st, 5th, 8th, 11th... call) rather than at random, so a
 * test that asks for 30% throttling always meets throttles and can assert that it did.
 */
export interface FaultTally {
  due: Record<FaultKind, number>;
  injected: Record<FaultKind, number>;
}

export const noFaults = (): Faults => ({ throttle: 0, serverError: 0, latencyMs: 0, operations: [] });

/** A fresh tally for `faults`: the first matching call gets each fault that has a share. */
export function newTally(faults: Faults = noFaults()): FaultTally {
  const start = (share: number) => (share > 0 ? 1 - share : 0);
  return { due: { throttle: start(faults.throttle), serverError: start(faults.serverError) }, injected: { throttle: 0, serverError: 0 } };
}

/** Whether this call gets the fault `kind`, given its share of calls. */
export function takeShare(tally: FaultTally, kind: FaultKind, share: number): boolean {
  if (share <= 0) return false;
  tally.due[kind] += share;
  // The epsilon keeps 0.1 * 10 from falling short of 1 in floating point.
  if (tally.due[kind] < 1 - 1e-9) return false;
  tally.due[kind] -= 1;
  tally.injected[kind] += 1;
  return true;
}

export function appliesTo(faults: Faults, service: string, operation: string): boolean {
  return !faults.operations.length || faults.operations.some((op) => op === operation || op === `${service}.${operation}`);
}

/** Each service's own 5xx exception, as its API reference names it (ECS and ECR: ServerException). */
const SERVER_ERRORS: Record<string, { code: string; status: number }> = {
  ecs: { code: 'ServerException', status: 500 },
  ecr: { code: 'ServerException', status: 500 },
  logs: { code: 'ServiceUnavailableException', status: 503 },
  ssm: { code: 'InternalServerError', status: 500 },
  secretsmanager: { code: 'InternalServiceError', status: 500 },
  // ELBv2 models no 5xx of its own: the query protocol's common ServiceUnavailable.
  elasticloadbalancing: { code: 'ServiceUnavailable', status: 503 },
};

export function serverErrorOf(service: string): AwsError {
  const { code, status } = SERVER_ERRORS[service] ?? { code: 'ServiceUnavailable', status: 503 };
  return new AwsError(code, 'Service is temporarily unavailable (injected fault)', status);
}

/** Each service's throttling error: JSON services ThrottlingException; ELBv2 (query) `Throttling`, 400, as it answers. */
const THROTTLE_CODES: Record<string, string> = { elasticloadbalancing: 'Throttling' };

export const throttleErrorOf = (service: string): AwsError =>
  new AwsError(THROTTLE_CODES[service] ?? 'ThrottlingException', 'Rate exceeded');
