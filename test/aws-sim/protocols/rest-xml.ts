import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AwsError } from '../errors.js';
import { matchRestRoute, type RestRoute } from './rest-json.js';

/**
 * AWS REST-XML (CloudFront): the operation is the method and path, members travel in path labels,
 * headers (If-Match) and an XML payload; answers are an XML payload with headers (ETag) and a
 * status of their own; errors are `<ErrorResponse><Error><Type/><Code/><Message/></Error>`.
 * Payloads are kept as element trees, in document order, so a service can store a document as
 * sent and give it back as it was.
 */

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** The text of a leaf element (entities decoded); '' for an element with children. */
  text: string;
}

/** What a REST-XML handler receives: path labels and query parameters, and the payload when there is one. */
export type RestXmlInput = Record<string, string | string[] | XmlNode | undefined> & { body?: XmlNode };

/** What a REST-XML handler returns. */
export interface RestXmlOutput {
  status?: number;
  headers?: Record<string, string>;
  body?: XmlNode;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeXml(text).replace(/"/g, '&quot;');

/** Parses an XML document (no DTDs, no mixed content) into its root element; throws on malformed input. */
export function parseXml(source: string): XmlNode {
  const tokens =
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let consumed = 0;
  for (const match of source.matchAll(tokens)) {
    if (match.index !== consumed) throw new Error(`malformed XML at offset ${consumed}`);
    consumed += match[0].length;
    const [, cdata, closing, name, attributeText, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (text !== undefined || cdata !== undefined) {
      const value = cdata ?? decodeEntities(text!);
      if (value.trim() && !top) throw new Error('text outside the root element');
      if (top && (cdata !== undefined || value.trim())) top.text += value;
      else if (top && !top.children.length) top.text += value; // whitespace of a leaf is its text; dropped below if it gets children
      continue;
    }
    if (!name) continue; // declaration or comment
    if (closing) {
      if (top?.name !== name) throw new Error(`unexpected </${name}>`);
      stack.pop();
      if (top.children.length) top.text = '';
      continue;
    }
    const node: XmlNode = { name, attributes: parseAttributes(attributeText ?? ''), children: [], text: '' };
    if (top) {
      top.children.push(node);
      top.text = '';
    } else if (root) throw new Error('more than one root element');
    else root = node;
    if (!selfClosing) stack.push(node);
  }
  if (consumed !== source.length || stack.length || !root) throw new Error('malformed or unterminated XML');
  return root;
}

function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, double, single] of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[name] = decodeEntities(double ?? single ?? '');
  }
  return attributes;
}

export function writeXml(node: XmlNode): string {
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const inner = node.children.length ? node.children.map(writeXml).join('') : escapeXml(node.text);
  return `<${node.name}${attributes}>${inner}</${node.name}>`;
}

/** An element: `el('Quantity', '1')`, `el('Items', [child, ...])`. */
export function el(name: string, content: string | number | boolean | XmlNode[] = '', attributes: Record<string, string> = {}): XmlNode {
  return Array.isArray(content)
    ? { name, attributes, children: content, text: '' }
    : { name, attributes, children: [], text: String(content) };
}

/** The first child of `node` named `name`. */
export const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => node?.children.find((c) => c.name === name);

/** The text at a path of child names: `textAt(config, 'CallerReference')`. */
export function textAt(node: XmlNode | undefined, ...path: string[]): string | undefined {
  let at = node;
  for (const name of path) at = child(at, name);
  return at?.text;
}

export function decodeRestXml(
  routes: RestRoute[],
  req: IncomingMessage,
  body: string,
): { operation: string; input: RestXmlInput } | undefined {
  const matched = matchRestRoute(routes, req);
  if (!matched) return undefined;
  let payload: XmlNode | undefined;
  let malformed: string | undefined;
  if (body.trim()) {
    try {
      payload = parseXml(body);
    } catch (error) {
      malformed = (error as Error).message;
    }
  }
  return {
    operation: matched.operation,
    input: { ...matched.query, ...matched.labels, body: payload, ...(malformed ? { malformedBody: malformed } : {}) },
  };
}

export function sendRestXml(res: ServerResponse, requestId: string, output: RestXmlOutput | undefined): void {
  const body = output?.body ? `<?xml version="1.0" encoding="UTF-8"?>\n${writeXml(output.body)}` : '';
  res.writeHead(output?.status ?? 200, {
    ...(body ? { 'content-type': 'text/xml' } : {}),
    'x-amz-request-id': requestId,
    'content-length': Buffer.byteLength(body),
    ...output?.headers,
  });
  res.end(body);
}

export function sendRestXmlError(res: ServerResponse, requestId: string, error: AwsError, namespace: string): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error>` +
    `<Type>${error.sender ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amz-request-id': requestId, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
