import { validationError } from '../../errors.js';

/**
 * Scheduler's checks of a schedule, from the API Reference (CreateSchedule, Target,
 * FlexibleTimeWindow, RetryPolicy, EcsParameters) and the User Guide's "Schedule types"
 * (cron, rate and at expressions; IANA time zones). Written from those pages, not from the
 * toolkit's own parser.
 */

const NAME = /^[0-9a-zA-Z._-]{1,64}$/;
const ROLE = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Per field: the characters and values the User Guide's cron table allows. */
const CRON_FIELDS: Array<{ name: string; item: RegExp; min: number; max: number }> = [
  { name: 'Minutes', item: /^(\*|\d+)(-\d+)?(\/\d+)?$/, min: 0, max: 59 },
  { name: 'Hours', item: /^(\*|\d+)(-\d+)?(\/\d+)?$/, min: 0, max: 23 },
  { name: 'Day-of-month', item: /^((\*|\d+)(-\d+)?(\/\d+)?|L|LW|\d+W)$/, min: 1, max: 31 },
  {
    name: 'Month',
    item: /^(\*|\d+|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(-(\d+|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))?(\/\d+)?$/i,
    min: 1,
    max: 12,
  },
  {
    name: 'Day-of-week',
    item: /^((\*|\d+|SUN|MON|TUE|WED|THU|FRI|SAT)(-(\d+|SUN|MON|TUE|WED|THU|FRI|SAT))?(\/\d+)?|L|\d+L|\d#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)#[1-5])$/i,
    min: 1,
    max: 7,
  },
  { name: 'Year', item: /^(\*|\d+)(-\d+)?(\/\d+)?$/, min: 1970, max: 2199 },
];

function cronValid(body: string): boolean {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return false;
  if ((fields[2] === '?') === (fields[4] === '?')) return false;
  return fields.every((field, i) => {
    if (field === '?' && (i === 2 || i === 4)) return true;
    const spec = CRON_FIELDS[i];
    return field.split(',').every((item) => {
      if (!spec.item.test(item)) return false;
      const numbers = (item.split('/')[0].match(/\d+/g) ?? []).map(Number).filter((_, k) => !item.includes('#') || k === 0);
      return numbers.every((n) => n >= spec.min && n <= spec.max);
    });
  });
}

export function validExpression(expression: unknown): boolean {
  if (typeof expression !== 'string') return false;
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return cronValid(cron[1]);
  if (/^rate\(([1-9]\d*) (minute|minutes|hour|hours|day|days)\)$/.test(expression)) return true;
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (!at) return false;
  const [y, mo, d, h, mi, s] = at.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

const ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT']);

/** Throws ValidationException as Scheduler does for the first problem found. */
export function validateSchedule(input: Record<string, any>): void {
  if (typeof input.Name !== 'string' || !NAME.test(input.Name)) {
    throw validationError(
      `1 validation error detected: Value '${input.Name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$`,
    );
  }
  if (!validExpression(input.ScheduleExpression)) throw validationError(`Invalid Schedule Expression ${input.ScheduleExpression}.`);
  if (input.ScheduleExpressionTimezone !== undefined && !ZONES.has(input.ScheduleExpressionTimezone)) {
    throw validationError(`Invalid ScheduleExpressionTimezone ${input.ScheduleExpressionTimezone}.`);
  }
  const window = input.FlexibleTimeWindow;
  if (!window || !['OFF', 'FLEXIBLE'].includes(window.Mode)) {
    throw validationError(
      "1 validation error detected: Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null",
    );
  }
  if (window.Mode === 'FLEXIBLE' && !(window.MaximumWindowInMinutes >= 1 && window.MaximumWindowInMinutes <= 1440)) {
    throw validationError('MaximumWindowInMinutes must be between 1 and 1440 when the flexible time window mode is FLEXIBLE.');
  }
  if (window.Mode === 'OFF' && window.MaximumWindowInMinutes !== undefined) {
    throw validationError('MaximumWindowInMinutes must not be set when the flexible time window mode is OFF.');
  }
  if (input.State !== undefined && !['ENABLED', 'DISABLED'].includes(input.State)) throw validationError(`Invalid State ${input.State}.`);
  if (typeof input.Description === 'string' && input.Description.length > 512)
    throw validationError('Description is longer than 512 characters.');
  validateTarget(input.Target);
}

function validateTarget(target: Record<string, any> | undefined): void {
  if (!target?.Arn)
    throw validationError("1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null");
  if (typeof target.RoleArn !== 'string' || !ROLE.test(target.RoleArn)) {
    throw validationError(
      `1 validation error detected: Value '${target.RoleArn}' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$`,
    );
  }
  const retry = target.RetryPolicy;
  if (retry?.MaximumRetryAttempts !== undefined && !(retry.MaximumRetryAttempts >= 0 && retry.MaximumRetryAttempts <= 185)) {
    throw validationError('MaximumRetryAttempts must be between 0 and 185.');
  }
  if (retry?.MaximumEventAgeInSeconds !== undefined && !(retry.MaximumEventAgeInSeconds >= 60 && retry.MaximumEventAgeInSeconds <= 86400)) {
    throw validationError('MaximumEventAgeInSeconds must be between 60 and 86400.');
  }
  if (typeof target.Input === 'string' && target.Input.length > 8192) throw validationError('Input is longer than 8192 characters.');
  const ecs = target.EcsParameters;
  if (!ecs) return;
  if (!/^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[\w-]+$/.test(target.Arn)) {
    throw validationError(`Target ARN ${target.Arn} is not an ECS cluster ARN, as EcsParameters requires.`);
  }
  if (typeof ecs.TaskDefinitionArn !== 'string' || !ecs.TaskDefinitionArn) {
    throw validationError(
      "1 validation error detected: Value null at 'target.ecsParameters.taskDefinitionArn' failed to satisfy constraint: Member must not be null",
    );
  }
  if (ecs.TaskCount !== undefined && !(ecs.TaskCount >= 1 && ecs.TaskCount <= 10))
    throw validationError('TaskCount must be between 1 and 10.');
  if (ecs.LaunchType !== undefined && ecs.CapacityProviderStrategy !== undefined) {
    throw validationError('LaunchType and CapacityProviderStrategy cannot both be specified.');
  }
}
