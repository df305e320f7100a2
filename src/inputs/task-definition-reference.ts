import { invalid } from './parse.js';

/** `family`, `family:12` or a task definition ARN (`arn:aws:ecs:<region>:<account>:task-definition/family:12`). */
const ARN_PREFIX = 'arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:task-definition/';
const FAMILY = '[A-Za-z0-9_-]{1,255}';
export const TASK_DEFINITION_REFERENCE = new RegExp(`^(${ARN_PREFIX})?${FAMILY}(:\\d+)?$`);
/** The same with the revision required: one exact revision. */
export const TASK_DEFINITION_REVISION = new RegExp(`^(${ARN_PREFIX})?${FAMILY}:\\d+$`);

export function parseTaskDefinitionReference(
  input: string,
  value: string,
  options: { revision?: boolean; expected?: string } = {},
): string {
  const pattern = options.revision ? TASK_DEFINITION_REVISION : TASK_DEFINITION_REFERENCE;
  if (!pattern.test(value)) throw invalid(input, value, options.expected ?? 'a task definition ARN or family:revision');
  return value;
}
