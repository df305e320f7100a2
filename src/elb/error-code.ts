import { errorName } from '../aws/error-kind.js';

/**
 * ELBv2 speaks the query protocol: its error codes on the wire are `PriorityInUse`,
 * `TargetGroupNotFound`..., which the SDK names `PriorityInUseException`... Either spelling counts.
 */
export const isElbError = (error: unknown, code: string): boolean => errorName(error).replace(/Exception$/, '') === code;
