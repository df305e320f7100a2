import { formatDuration } from '../format.js';
import { revLabel } from './names.js';
import type { Failure } from './watch-state.js';

/**
 * The one line that says why a service's deploy failed, in words:
 * "api: rev 43 rolled back by the circuit breaker: 3 tasks exited with code 1 (container web)".
 */
export function failureLine(options: {
  service: string;
  taskDefinitionArn: string;
  failure: Failure;
  /** From the diagnosis: "3 tasks exited with code 1 (container web)". */
  tasks?: string;
  timeoutMs?: number;
}): string {
  const { failure, tasks } = options;
  const rev = revLabel(options.taskDefinitionArn);
  const because = (fallback?: string) => tasks ?? fallback ?? 'no reason given';
  let text: string;
  switch (failure.kind) {
    case 'rolled-back':
      text = `${rev} rolled back by the circuit breaker: ${because(failure.reason)}`;
      break;
    case 'failed':
      text = `${rev} failed: ${because(failure.reason)}`;
      break;
    case 'tasks-stopping':
      text = `${rev} keeps failing: ${because(`${failure.count} tasks stopped`)}`;
      break;
    case 'replaced':
      text = `${rev} was replaced by another deployment${failure.byTaskDefinition ? ` (${revLabel(failure.byTaskDefinition)})` : ''} before it completed`;
      break;
    case 'missing':
      text = `service ${failure.reason}`;
      break;
    case 'timeout': {
      const state = failure.progress?.replace(/^[^:]*:\s*/, '');
      text = `${rev} did not complete within ${formatDuration(options.timeoutMs ?? 0)}${state ? `: ${state}` : ''}${tasks ? `; ${tasks}` : ''}`;
      break;
    }
    case 'error':
      text = failure.message;
      break;
  }
  return `${options.service}: ${text}`;
}

/** The action's error: one failed service's line, or "2 of 3 services failed: ...". */
export function combinedFailure(lines: string[], total: number): string {
  if (lines.length === 1 && total === 1) return lines[0];
  return `${lines.length} of ${total} services failed: ${lines.join('; ')}`;
}
