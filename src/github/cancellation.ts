import { actionsLogger } from './logger.js';

/**
 * Aborts when the runner cancels the job: it sends SIGINT, then SIGTERM some seconds later, then
 * kills. Both signals stay handled (not `once`) so a second one cannot kill the process while it
 * is still cleaning up (stopping a task it started).
 */
export function cancellationSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) actionsLogger.info(`Received ${signal}: the job is being cancelled`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
