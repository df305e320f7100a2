import { actionsLogger } from './logger.js';

/**
 * Writes an action's parsed inputs to the debug log (shown with ACTIONS_STEP_DEBUG), as
 * actions/checkout's input helper does, so a run can be explained without guessing what a
 * default became. Values under a `hide` key (build secrets, file contents) are shown as ***.
 */
export function debugInputs(inputs: unknown, options: { hide?: readonly string[] } = {}): void {
  const hide = new Set(options.hide ?? []);
  const text = JSON.stringify(inputs, (key, value) => (hide.has(key) && !isEmpty(value) ? '***' : value));
  actionsLogger.debug(`Inputs: ${text}`);
}

const isEmpty = (value: unknown) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
