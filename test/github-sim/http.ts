import type { IncomingMessage, ServerResponse } from 'node:http';

/** GitHub's answer shapes: JSON bodies, `message` + `documentation_url` errors. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = () => new HttpError(404, 'Not Found', { documentation_url: 'https://docs.github.com/rest', status: '404' });

export const validationFailed = (resource: string, field: string, code = 'missing_field') =>
  new HttpError(422, 'Validation Failed', {
    errors: [{ resource, code, field }],
    documentation_url: 'https://docs.github.com/rest',
    status: '422',
  });

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}

/** ?page=&per_page= as GitHub pages lists (30 by default, 100 at most). */
export function page<T>(items: T[], query: Record<string, string>): T[] {
  const perPage = Math.min(Number(query.per_page ?? 30) || 30, 100);
  const pageNumber = Math.max(Number(query.page ?? 1) || 1, 1);
  return items.slice((pageNumber - 1) * perPage, pageNumber * perPage);
}
