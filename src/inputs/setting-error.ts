import { ConfigurationError } from '../errors.js';
import { invalid } from './parse.js';

/**
 * A setting the core found wrong once it looked (a cluster that is not ACTIVE, a container the
 * task definition lacks, a builder that is not installed). The core names the setting, not an
 * input: the action's input layer knows which input carried it and names that (nameInputs), so
 * the user reads the same one line as for any bad input. Unmapped, it reads with the setting name.
 */
export class SettingError extends ConfigurationError {
  override name = 'SettingError';
  constructor(
    readonly setting: string,
    private readonly describe: (input: string) => string,
  ) {
    super(describe(setting));
  }

  forInput(input: string): ConfigurationError {
    return new ConfigurationError(this.describe(input));
  }
}

/** The usual shape: the value, quoted, and what was expected. */
export function invalidSetting(setting: string, value: string, expected: string): SettingError {
  return new SettingError(setting, (input) => invalid(input, value, expected).message);
}

/** A `.catch` for the core's work: a SettingError becomes an input error naming `names[setting]`. */
export function nameInputs(names: Readonly<Record<string, string>>): (error: unknown) => never {
  return (error) => {
    if (error instanceof SettingError && names[error.setting]) throw error.forInput(names[error.setting]);
    throw error;
  };
}

/** The same for synchronous work done while inputs are read. */
export function withInputNames<T>(names: Readonly<Record<string, string>>, work: () => T): T {
  try {
    return work();
  } catch (error) {
    return nameInputs(names)(error);
  }
}
