import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COOKIE_NAME, createHandler, type CfEvent } from '../../../edge/canary-router/index.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/cloudfront');
const events = new Map<string, CfEvent>();
/** A fresh copy of a fixture's event (the handler changes the request it is given, as at the edge). */
function fixture(name: string): CfEvent {
  if (!events.has(name)) events.set(name, JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')).event);
  return structuredClone(events.get(name)!);
}

/** mulberry32: a small seeded generator, so the share test draws the same viewers every run. */
function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** The documented origin-request event with the share and canary origin set, and the viewer's cookies. */
function originRequest(options: { weight?: string | null; canaryOrigin?: string | null; cookie?: string } = {}): CfEvent {
  const event = fixture('origin-request.json');
  const request = event.Records[0].cf.request;
  const custom = request.origin.custom.customHeaders;
  if (options.weight === null) delete custom['x-canary-weight'];
  else if (options.weight !== undefined) custom['x-canary-weight'] = [{ key: 'x-canary-weight', value: options.weight }];
  if (options.canaryOrigin === null) delete custom['x-canary-origin'];
  else if (options.canaryOrigin !== undefined) custom['x-canary-origin'] = [{ key: 'x-canary-origin', value: options.canaryOrigin }];
  if (options.cookie !== undefined) request.headers.cookie = [{ key: 'Cookie', value: options.cookie }];
  return event;
}

const sideOf = (request: any) => (request.origin.custom.domainName === 'beta.example.org' ? 'canary' : 'stable');
const bucketCookie = (request: any) => /ecs-ship-canary=(\d+)/.exec(request.headers.cookie?.[0]?.value ?? '')?.[1];

test('3000 new viewers: the configured share goes to the canary, within 2 percentage points', async () => {
  for (const [weight, seed] of [
    [10, 1],
    [25, 2],
    [50, 3],
  ]) {
    const handler = createHandler({ random: seeded(seed) });
    let canary = 0;
    for (let viewer = 0; viewer < 3000; viewer += 1) {
      if (sideOf(await handler(originRequest({ weight: String(weight) }))) === 'canary') canary += 1;
    }
    const share = (canary / 3000) * 100;
    expect({ weight, share: Math.abs(share - weight) <= 2 ? 'within 2 points' : share }).toEqual({ weight, share: 'within 2 points' });
  }
});

test('a canary request goes to the canary origin with the same protocol, port and timeouts; the Host follows only when it named the stable origin', async () => {
  const handler = createHandler({ random: () => 0 });
  const request = await handler(originRequest({ weight: '10' }));
  expect(request.origin.custom).toMatchObject({
    domainName: 'beta.example.org',
    port: 443,
    protocol: 'https',
    readTimeout: 30,
    keepaliveTimeout: 5,
  });
  expect(request.headers.host).toEqual([{ key: 'Host', value: 'beta.example.org' }]);

  const viewerHost = originRequest({ weight: '10' });
  viewerHost.Records[0].cf.request.headers.host = [{ key: 'Host', value: 'api.example.com' }];
  expect((await handler(viewerHost)).headers.host).toEqual([{ key: 'Host', value: 'api.example.com' }]);
});

test("the function's own headers never reach the origin; other custom headers do", async () => {
  for (const random of [() => 0, () => 99]) {
    const event = originRequest({ weight: '50' });
    event.Records[0].cf.request.headers['x-canary-weight'] = [{ key: 'X-Canary-Weight', value: '100' }]; // a viewer trying its luck
    const request = await createHandler({ random })(event);
    expect(Object.keys(request.origin.custom.customHeaders)).toEqual(['x-origin-verify']);
    expect(request.headers['x-canary-weight']).toBeUndefined();
  }
});

test('a new viewer gets a bucket cookie added to the forwarded Cookie header, beside its own cookies', async () => {
  const request = await createHandler({ random: () => 42 })(originRequest({ weight: '10', cookie: 'session=abc' }));
  expect(request.headers.cookie).toEqual([{ key: 'Cookie', value: `session=abc; ${COOKIE_NAME}=42` }]);
  expect(sideOf(request)).toBe('stable');
});

test('a viewer with a cookie stays on its side whatever the dice say, and moves only as the share crosses its bucket', async () => {
  const dice = [() => 0, () => 99];
  for (const random of dice) {
    const handler = createHandler({ random });
    expect(sideOf(await handler(originRequest({ weight: '25', cookie: `session=x; ${COOKIE_NAME}=7` })))).toBe('canary');
    expect(sideOf(await handler(originRequest({ weight: '25', cookie: `${COOKIE_NAME}=30` })))).toBe('stable');
    expect(sideOf(await handler(originRequest({ weight: '50', cookie: `${COOKIE_NAME}=30` })))).toBe('canary');
  }
  // The cookie it came with is kept as is (no second bucket).
  const request = await createHandler({ random: () => 0 })(originRequest({ weight: '25', cookie: `${COOKIE_NAME}=30` }));
  expect(request.headers.cookie).toEqual([{ key: 'Cookie', value: `${COOKIE_NAME}=30` }]);
});

test('0% is exactly none and 100% exactly all, cookies or not', async () => {
  for (const bucket of [0, 50, 99]) {
    const handler = createHandler({ random: () => bucket });
    expect(sideOf(await handler(originRequest({ weight: '0' })))).toBe('stable');
    expect(sideOf(await handler(originRequest({ weight: '0', cookie: `${COOKIE_NAME}=0` })))).toBe('stable');
    expect(sideOf(await handler(originRequest({ weight: '100' })))).toBe('canary');
    expect(sideOf(await handler(originRequest({ weight: '100', cookie: `${COOKIE_NAME}=99` })))).toBe('canary');
  }
});

test.each([
  ['a share above 100', { weight: '150' }],
  ['a negative share', { weight: '-5' }],
  ['a share that is not a number', { weight: 'ten' }],
  ['a fractional share', { weight: '10.5' }],
  ['no share header', { weight: null }],
  ['no canary origin header', { canaryOrigin: null }],
  ['a canary origin that is not a domain', { canaryOrigin: 'https://beta.example.org/' }],
])('%s fails safe to stable, with its headers stripped', async (_name, options) => {
  const event = originRequest({ weight: '100', canaryOrigin: 'beta.example.org', ...options });
  const request = await createHandler({ random: () => 0 })(event);
  expect(sideOf(request)).toBe('stable');
  expect(request.origin.custom.domainName).toBe('example.org');
  expect(request.headers.host).toEqual([{ key: 'Host', value: 'example.org' }]);
  expect(Object.keys(request.origin.custom.customHeaders)).toEqual(['x-origin-verify']);
});

test('a bad bucket in the cookie is replaced by a new one', async () => {
  const request = await createHandler({ random: () => 3 })(originRequest({ weight: '10', cookie: `${COOKIE_NAME}=999` }));
  expect(bucketCookie(request)).toBe('999'); // the viewer's own value stays in its header...
  expect(request.headers.cookie[0].value).toBe(`${COOKIE_NAME}=999; ${COOKIE_NAME}=3`); // ...and the new bucket follows it
  expect(sideOf(request)).toBe('canary');
});

test('origin-response gives the viewer the bucket it was routed by, once', async () => {
  const handler = createHandler();
  const response = await handler(fixture('origin-response.json'));
  expect(response.status).toBe('200');
  expect(response.headers['set-cookie']).toEqual([
    { key: 'Set-Cookie', value: `${COOKIE_NAME}=7; Path=/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax` },
  ]);
  const originSetIt = fixture('origin-response.json');
  originSetIt.Records[0].cf.response.headers['set-cookie'] = [{ key: 'Set-Cookie', value: `${COOKIE_NAME}=7; Path=/` }];
  expect((await handler(originSetIt)).headers['set-cookie']).toHaveLength(1);
});

test('an S3 origin is left as it is, without the router headers', async () => {
  const event = originRequest({ weight: '100' });
  const request = event.Records[0].cf.request;
  const { customHeaders } = request.origin.custom;
  request.origin = { s3: { domainName: 'assets.s3.amazonaws.com', path: '', authMethod: 'none', region: 'us-east-1', customHeaders } };
  const routed = await createHandler({ random: () => 0 })(event);
  expect(routed.origin.s3.domainName).toBe('assets.s3.amazonaws.com');
  expect(Object.keys(routed.origin.s3.customHeaders)).toEqual(['x-origin-verify']);
});
