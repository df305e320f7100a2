import { ConfigurationError } from '../errors.js';
import { SettingError } from '../inputs/setting-error.js';

/**
 * Reads a file a setting points at (the template, the env file). The readers prefix each message
 * with a source label; here the label names the setting, and the action's input layer swaps in
 * the input's name (`Input "env-file" ("app.env") line 2: ...`), so the core names no input.
 */
export function readSettingFile<T>(setting: string, path: string, read: (source: string) => T): T {
  const label = (name: string) => `Input "${name}" ("${path}")`;
  try {
    return read(label(setting));
  } catch (error) {
    if (!(error instanceof ConfigurationError) || !error.message.startsWith(label(setting))) throw error;
    const rest = error.message.slice(label(setting).length);
    throw new SettingError(setting, (input) => label(input) + rest);
  }
}
