import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors.js';

/**
 * AWS query protocol (STS, ELBv2): form-encoded request (`Action=...&A.member.1.B=...`),
 * XML response `<{Op}Response><{Op}Result>...</{Op}Result></{Op}Response>`.
 * Lists come as `member` elements both ways; maps as `entry` with `key`/`value`.
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

/** `{member: {1: a, 2: b}}` -> `[a, b]`, recursively. */
function collapseMembers(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === 'member') {
    const members = obj.member as Record<string, unknown>;
    return Object.keys(members)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => collapseMembers(members[k]));
  }
  return Object.fromEntries(keys.map((k) => [k, collapseMembers(obj[k])]));
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
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
