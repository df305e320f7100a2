import { ActionFailure } from '../errors.js';
import { deployService } from './deploy-service.js';
import { combinedFailure } from './message.js';
import type { DeployDeps, DeployOptions, ServiceResult } from './types.js';

/**
 * Deploys every target in parallel under one deadline, then reports once: all results come back
 * (a failed service does not cut the others short), and the error names each failure.
 */
export async function deployAll(options: DeployOptions, deps: DeployDeps): Promise<ServiceResult[]> {
  const now = deps.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  return Promise.all(options.targets.map((target) => deployService(target, { ...options, deadline }, deps)));
}

/** Throws the combined failure when any service failed. */
export function assertAllSucceeded(results: ServiceResult[]): void {
  const failed = results.filter((r) => r.result === 'failed');
  if (!failed.length) return;
  const lines = failed.map((r) => (r.rollback ? `${r.cause}; ${r.rollback}` : (r.cause ?? `${r.service}: failed`)));
  throw new ActionFailure(combinedFailure(lines, results.length));
}
