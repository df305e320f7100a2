import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AwsError } from '../errors.js';

/**
 * AWS REST-JSON (EventBridge Scheduler): the operation is the method and path
 * (`GET /schedules/{Name}`), members travel in path labels, the query string and a JSON body;
 * errors are named by the X-Amzn-ErrorType header with an HTTP status of their own.
 */

export interface RestRoute {
  method: string;
  /** `/schedules/{Name}`: each `{Label}` matches one path segment. */
  path: string;
  operation: string;
}

/** The operation of a request and its input: body members, path labels and query parameters together. */
export function decodeRestJson(
  routes: RestRoute[],
  req: IncomingMessage,
  body: string,
): { operation: string; input: Record<string, unknown> } | undefined {
  const matched = matchRestRoute(routes, req);
  if (!matched) return undefined;
  const members = body.trim() ? (JSON.parse(body) as Record<string, unknown>) : {};
  return { operation: matched.operation, input: { ...members, ...matched.query, ...matched.labels } };
}

/** The route a REST request (JSON or XML) takes, with its path labels and query parameters. */
export function matchRestRoute(
  routes: RestRoute[],
  req: IncomingMessage,
): { operation: string; labels: Record<string, string>; query: Record<string, string | string[]> } | undefined {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const segments = url.pathname.split('/');
  for (const route of routes) {
    if (route.method !== req.method) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const label = /^\{(\w+)\}$/.exec(part);
      if (label) labels[label[1]] = decodeURIComponent(segments[i]);
      return label ? segments[i] !== '' : part === segments[i];
    });
    if (!matches) continue;
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length > 1 ? values : values[0];
    }
    return { operation: route.operation, labels, query };
  }
  return undefined;
}

/** Status codes of the errors the simulated REST-JSON services raise (their API references). */
const STATUS: Record<string, number> = {
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InternalServerException: 500,
};

export function sendRestJson(res: ServerResponse, requestId: string, output: unknown): void {
  const body = JSON.stringify(output ?? {});
  res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendRestJsonError(res: ServerResponse, requestId: string, error: AwsError): void {
  const body = JSON.stringify({ Message: error.message, ...error.extra });
  const status = error.status >= 500 ? error.status : (STATUS[error.code] ?? error.status);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': error.code,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
