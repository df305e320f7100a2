import { EOL } from 'node:os';
// @actions/core's own command writers (escaping, delimiters, the summary file), imported by file:
// its package entry also loads its OIDC client, whose HTTP client pulls undici (about 470 KB
// minified) into every bundle. The entry is not imported here, so no bundle carries it.
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js';
import { toCommandValue } from '../../node_modules/@actions/core/lib/utils.js';

export { summary } from '../../node_modules/@actions/core/lib/summary.js';

/**
 * The runner's protocol as @actions/core 3 speaks it (same names, same behaviour): inputs from
 * INPUT_*, outputs, state and variables through the GITHUB_* files, log commands on stdout.
 */

export function getInput(name: string, options: { required?: boolean; trimWhitespace?: boolean } = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options.required && !value) throw new Error(`Input required and not supplied: ${name}`);
  return options.trimWhitespace === false ? value : value.trim();
}

/** Writes `name` to the file GITHUB_<file> names, or as the old stdout command when it is not set. */
function fileOrCommand(file: 'OUTPUT' | 'STATE' | 'ENV', command: string, name: string, value: unknown): void {
  if (process.env[`GITHUB_${file}`]) return issueFileCommand(file, prepareKeyValueMessage(name, value));
  if (file === 'OUTPUT') process.stdout.write(EOL);
  issueCommand(command, { name }, toCommandValue(value));
}

export const setOutput = (name: string, value: unknown) => fileOrCommand('OUTPUT', 'set-output', name, value);
export const saveState = (name: string, value: unknown) => fileOrCommand('STATE', 'save-state', name, value);
export const getState = (name: string): string => process.env[`STATE_${name}`] || '';

export function exportVariable(name: string, value: unknown): void {
  process.env[name] = toCommandValue(value);
  fileOrCommand('ENV', 'set-env', name, value);
}

export const setSecret = (secret: string) => issueCommand('add-mask', {}, secret);
export const isDebug = () => process.env.RUNNER_DEBUG === '1';
export const debug = (message: string) => issueCommand('debug', {}, message);
export const info = (message: string) => void process.stdout.write(message + EOL);
const annotate = (kind: string) => (message: string | Error) =>
  issueCommand(kind, {}, message instanceof Error ? message.toString() : message);
export const error = annotate('error');
export const warning = annotate('warning');
export const notice = annotate('notice');

export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

export async function group<T>(name: string, work: () => Promise<T>): Promise<T> {
  issue('group', name);
  try {
    return await work();
  } finally {
    issue('endgroup');
  }
}

/**
 * The job's OIDC token for `audience`, masked before it is returned (what core.getIDToken does,
 * with Node's own fetch instead of @actions/http-client).
 */
export async function getIDToken(audience?: string): Promise<string> {
  const base = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  if (!base) throw new Error('Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
  const url = audience ? `${base}&audience=${encodeURIComponent(audience)}` : base;
  debug(`ID token url is ${url}`);
  const response = await fetch(url, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''}` },
  });
  if (!response.ok) throw new Error(`Error message: Failed to get ID Token. Error Code: ${response.status}`);
  const token = ((await response.json()) as { value?: unknown }).value;
  if (typeof token !== 'string' || !token) throw new Error('Error message: Response json body do not have ID Token field');
  setSecret(token);
  return token;
}
