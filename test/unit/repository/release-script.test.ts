import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './workflow-files.js';

/**
 * The release workflow's script (.github/scripts/release.sh publish) against a small stand-in of
 * the three REST endpoints it calls: the release is created with the tag's CHANGELOG.md section,
 * and the major tag is moved (or created for a new major version).
 */

interface Call {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

let server: Server;
let url = '';
let calls: Call[] = [];
/** Major tags that exist: PATCH of another answers 422 as GitHub does. */
let existingTags = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const call = { method: req.method!, path: req.url!, body: text ? JSON.parse(text) : {} };
      calls.push(call);
      const tag = /\/git\/refs\/tags\/(v\d+)$/.exec(call.path)?.[1];
      const status =
        req.headers.authorization !== 'Bearer t0ken' ? 401 : call.method === 'PATCH' && tag && !existingTags.has(tag) ? 422 : 201;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 422 ? { message: 'Reference does not exist' } : { id: 1 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  calls = [];
  existingTags = new Set();
});

const SHA = 'c'.repeat(40);

function publish(tag: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn('bash', [join(ROOT, '.github/scripts/release.sh'), 'publish'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      GITHUB_REF_NAME: tag,
      GITHUB_SHA: SHA,
      GITHUB_API_URL: url,
      GITHUB_REPOSITORY: 'ecs-ship/ecs-ship',
      GITHUB_TOKEN: 't0ken',
    },
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

test('a version tag is released with its CHANGELOG section, and a new major tag is created', async () => {
  const { code, stdout } = await publish('v1.0.0');
  expect([code, stdout]).toEqual([0, expect.stringContaining(`Created v1 at ${SHA}`)]);
  expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
    'POST /repos/ecs-ship/ecs-ship/releases',
    'PATCH /repos/ecs-ship/ecs-ship/git/refs/tags/v1',
    'POST /repos/ecs-ship/ecs-ship/git/refs',
  ]);
  expect(calls[0].body).toMatchObject({ tag_name: 'v1.0.0', target_commitish: SHA, name: 'v1.0.0', prerelease: false });
  expect(calls[0].body.body).toContain('The first release.');
  expect(calls[0].body.body).not.toContain('## ');
  expect(calls[2].body).toEqual({ ref: 'refs/tags/v1', sha: SHA });
});

test('an existing major tag is moved to the released commit', async () => {
  existingTags.add('v1');
  const { code, stdout } = await publish('v1.0.0');
  expect([code, stdout]).toEqual([0, expect.stringContaining(`Moved v1 to ${SHA}`)]);
  expect(calls.map((c) => c.method)).toEqual(['POST', 'PATCH']);
  expect(calls[1].body).toEqual({ sha: SHA, force: true });
});

test('a tag without release notes is not released', async () => {
  const { code, stdout } = await publish('v9.9.9');
  expect([code, stdout.trim()]).toEqual([1, '::error::CHANGELOG.md has no "## v9.9.9" section: write the release notes there first']);
  expect(calls).toEqual([]);
});

test('a tag that is not a version is not released', async () => {
  const { code, stdout } = await publish('v1');
  expect([code, stdout.trim()]).toEqual([1, '::error::Tag "v1": expected a version tag such as v1.2.3']);
  expect(calls).toEqual([]);
});
