import { AwsError } from '../../errors.js';

/**
 * The query protocol sends every member as a string and an empty list as `Name=`: these read
 * a decoded input (protocols/query.ts) as ELBv2's model types.
 */

export const validation = (message: string) => new AwsError('ValidationError', message);

export function listOf<T = any>(value: unknown): T[] {
  if (value === undefined || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function intOf(value: unknown, member: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw validation(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must be an integer`,
    );
  return n;
}

export const boolOf = (value: unknown): boolean | undefined => (value === undefined || value === '' ? undefined : String(value) === 'true');

/** `Value` at `member` outside [min, max]: the AWS validation text. */
export function checkRange(value: number | undefined, member: string, min: number, max: number): void {
  if (value === undefined) return;
  if (value < min)
    throw validation(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
    );
  if (value > max)
    throw validation(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
}

export function required(value: unknown, member: string): string {
  if (value === undefined || value === '')
    throw validation(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return String(value);
}

/** Pages of Describe* calls: Marker is the index of the next item, PageSize 1 to 400. */
export function page<T>(items: T[], input: { Marker?: string; PageSize?: unknown }): { items: T[]; NextMarker?: string } {
  const size = intOf(input.PageSize, 'pageSize') ?? 400;
  checkRange(size, 'pageSize', 1, 400);
  const start = input.Marker ? Number(Buffer.from(String(input.Marker), 'base64').toString('utf8').replace(/^sim:/, '')) : 0;
  if (!Number.isInteger(start) || start < 0) throw validation('Invalid Marker');
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(`sim:${start + size}`).toString('base64') : undefined;
  return { items: slice, NextMarker: next };
}
