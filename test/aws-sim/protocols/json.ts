import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors.js';

/** AWS JSON 1.0/1.1: POST /, X-Amz-Target: <prefix>.<Operation>, JSON body both ways. */

export function decodeJson(body: string): unknown {
  return body.trim() ? JSON.parse(body) : {};
}

export function sendJson(res: ServerResponse, requestId: string, output: unknown): void {
  const body = JSON.stringify(output ?? {});
  res.writeHead(200, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendJsonError(res: ServerResponse, requestId: string, error: AwsError): void {
  const body = JSON.stringify({ __type: error.code, message: error.message, ...error.extra });
  res.writeHead(error.status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': error.code,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
