import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors.js';

/**
 * AWS query protocol (STS, ELBv2): form-encoded request (`Action=...&A.member.1.B=...`),
 * XML response `<{Op}Response><{Op}Result>...</{Op}Result></{Op}Response>`.
 * Lists come as `member` elements both ways; maps as `entry` with `key`/`value` (decoded here; an
 * answer marks its maps with `queryMap`, since a plain object is written as a structure).
 */

export function decodeQuery(body: string): { action: string; input: Record<string, unknown> } {
  const params = new URLSearchParams(body);
  const input: Record<string, unknown> = {};
  let action = '';
  for (const [key, value] of params) {
    if (key === 'Action') action = value;
    else if (key !== 'Version') assignPath(input, key.split('.'), value);
  }
  return { action, input: collapseMembers(input) as Record<string, unknown> };
}

function assignPath(target: Record<string, any>, path: string[], value: string): void {
  let node = target;
  for (const part of path.slice(0, -1)) node = node[part] ??= {};
  node[path[path.length - 1]] = value;
}

/** `{member: {1: a, 2: b}}` -> `[a, b]` and `{entry: {1: {key: k, value: v}}}` -> `{k: v}`, recursively. */
function collapseMembers(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry')) {
    const items = Object.entries(obj[keys[0]] as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => item as Record<string, unknown>);
    if (keys[0] === 'member') return items.map(collapseMembers);
    return Object.fromEntries(items.map((entry) => [String(entry.key), collapseMembers(entry.value)]));
  }
  return Object.fromEntries(keys.map((k) => [k, collapseMembers(obj[k])]));
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An answer's member that the model types as a map (not a structure): a handler wraps it in a `Map`
 * and it is written as AWS writes maps, `<entry><key>k</key><value>v</value></entry>` per key.
 */
export const queryMap = (record: Record<string, unknown>): Map<string, unknown> => new Map(Object.entries(record));

export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (value instanceof Map)
    return [...value].map(([k, v]) => `<entry><key>${escapeXml(String(k))}</key><value>${toXml(v)}</value></entry>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function sendQuery(res: ServerResponse, call: { requestId: string; action: string; namespace: string }, output: unknown): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<${call.action}Response xmlns="${call.namespace}">` +
    `<${call.action}Result>${toXml(output)}</${call.action}Result>` +
    `<ResponseMetadata><RequestId>${call.requestId}</RequestId></ResponseMetadata></${call.action}Response>`;
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': call.requestId });
  res.end(body);
}

export function sendQueryError(res: ServerResponse, call: { requestId: string }, error: AwsError): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${error.sender ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${call.requestId}</RequestId></ErrorResponse>`;
  res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': call.requestId });
  res.end(body);
}
