import { ConfigurationError } from '../errors.js';
import { quoted } from '../inputs/parse.js';

/** `Schedules file "x.yml": job "nightly", field "timezone": "Europe/Berln" is not ...` on one line. */
export function jobError(source: string, job: string | undefined, field: string | undefined, problem: string): ConfigurationError {
  const where = [job !== undefined && `job "${quoted(job)}"`, field !== undefined && `field "${field}"`].filter(Boolean).join(', ');
  return new ConfigurationError(`Schedules file "${quoted(source)}": ${where ? `${where}: ` : ''}${problem}.`);
}

/** A value as shown in a message: quoted, on one line, cut when long. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `"${quoted(text.length > 100 ? `${text.slice(0, 97)}...` : text)}"`;
}
