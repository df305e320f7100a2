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

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...headers });
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

/**
 * ?page=&per_page= as GitHub pages lists (30 by default, 100 at most), with the `link` header
 * (rel="next", "last", "first", "prev") that Octokit's paginate() follows.
 */
export function paged<T>(items: T[], url: URL): { status: number; body: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
  const pageNumber = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    target.searchParams.set('per_page', String(perPage));
    return `<${target}>; rel="${rel}"`;
  };
  const links = [
    ...(pageNumber > 1 ? [link(pageNumber - 1, 'prev'), link(1, 'first')] : []),
    ...(pageNumber < last ? [link(pageNumber + 1, 'next'), link(last, 'last')] : []),
  ];
  return {
    status: 200,
    body: items.slice((pageNumber - 1) * perPage, pageNumber * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}
