import {
  CloudFrontClient,
  CreateDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  InvalidIfMatchVersion,
  NoSuchDistribution,
  PreconditionFailed,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canaryDistributionConfig } from '../../../fixtures/cloudfront/distribution-config.js';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';
import { findDistribution, setCloudFrontTimings } from '../../services/cloudfront/state.js';
import { writeXml } from '../../protocols/rest-xml.js';
import { waitFor } from '../ecs/helpers.js';
import { shapeDifferences } from '../reference/shape.js';

let sim: Simulator;
let cf: CloudFrontClient;
beforeAll(async () => {
  sim = await startSimulator({ harsh: false });
  cf = new CloudFrontClient(simulatorClientConfig(sim));
});
afterAll(() => sim.stop());

test('a created distribution is InProgress, then Deployed; its config comes back as sent, with the ETag', async () => {
  setCloudFrontTimings(sim.world, { deployMs: 100 });
  const created = await cf.send(new CreateDistributionCommand({ DistributionConfig: canaryDistributionConfig({ callerReference: 'c1' }) }));
  const id = created.Distribution!.Id!;
  expect(id).toMatch(/^E[A-Z0-9]{13}$/);
  expect(created.ETag).toMatch(/^E[A-Z0-9]{13}$/);
  expect(created.Location).toBe(`https://cloudfront.amazonaws.com/2020-05-31/distribution/${id}`);
  expect(created.Distribution!.Status).toBe('InProgress');
  const deployed = await waitFor(
    () => cf.send(new GetDistributionCommand({ Id: id })),
    (d) => d.Distribution?.Status === 'Deployed',
  );
  expect(deployed.ETag).toBe(created.ETag);
  const config = await cf.send(new GetDistributionConfigCommand({ Id: id }));
  expect(config.ETag).toBe(created.ETag);
  expect(config.DistributionConfig).toEqual(canaryDistributionConfig({ callerReference: 'c1' }));
});

test('UpdateDistribution needs the current ETag: none is InvalidIfMatchVersion, an old one PreconditionFailed; nothing changes', async () => {
  const created = await cf.send(new CreateDistributionCommand({ DistributionConfig: canaryDistributionConfig({ callerReference: 'c2' }) }));
  const id = created.Distribution!.Id!;
  const storedBefore = writeXml(findDistribution(sim.world, id)!.config);
  const missing = await cf
    .send(new UpdateDistributionCommand({ Id: id, DistributionConfig: canaryDistributionConfig({ callerReference: 'c2', weight: '10' }) }))
    .catch((e) => e);
  expect(missing).toBeInstanceOf(InvalidIfMatchVersion);
  expect(missing.$metadata.httpStatusCode).toBe(400);
  const updated = await cf.send(
    new UpdateDistributionCommand({
      Id: id,
      IfMatch: created.ETag,
      DistributionConfig: canaryDistributionConfig({ callerReference: 'c2', weight: '10' }),
    }),
  );
  expect(updated.ETag).not.toBe(created.ETag);
  expect(updated.Distribution!.Status).toBe('InProgress');
  const afterFirst = writeXml(findDistribution(sim.world, id)!.config);
  expect(afterFirst).not.toBe(storedBefore);
  expect(afterFirst.replace('<HeaderValue>10</HeaderValue>', '<HeaderValue>0</HeaderValue>')).toBe(storedBefore);
  const stale = await cf
    .send(
      new UpdateDistributionCommand({
        Id: id,
        IfMatch: created.ETag,
        DistributionConfig: canaryDistributionConfig({ callerReference: 'c2', weight: '50' }),
      }),
    )
    .catch((e) => e);
  expect(stale).toBeInstanceOf(PreconditionFailed);
  expect(stale.$metadata.httpStatusCode).toBe(412);
  expect(writeXml(findDistribution(sim.world, id)!.config)).toBe(afterFirst);
});

test('errors travel in the REST-XML error shape', async () => {
  const response = await fetch(`${sim.url}/2020-05-31/distribution/EDOESNOTEXIST1/config`, {
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000001/20260101/us-east-1/cloudfront/aws4_request' },
  });
  expect(response.status).toBe(404);
  expect(await response.text()).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="http:\/\/cloudfront.amazonaws.com\/doc\/2020-05-31\/"><Error><Type>Sender<\/Type><Code>NoSuchDistribution<\/Code><Message>The specified distribution does not exist.<\/Message><\/Error><RequestId>[\w-]+<\/RequestId><\/ErrorResponse>$/,
  );
  const error = await cf.send(new GetDistributionCommand({ Id: 'EDOESNOTEXIST1' })).catch((e) => e);
  expect(error).toBeInstanceOf(NoSuchDistribution);
});

test('a Quantity that disagrees with its Items, a changed CallerReference and an unknown target origin are refused', async () => {
  const created = await cf.send(new CreateDistributionCommand({ DistributionConfig: canaryDistributionConfig({ callerReference: 'c3' }) }));
  const id = created.Distribution!.Id!;
  const badCount = canaryDistributionConfig({ callerReference: 'c3' });
  badCount.Origins!.Items![0].CustomHeaders!.Quantity = 2;
  const countError = await cf
    .send(new UpdateDistributionCommand({ Id: id, IfMatch: created.ETag, DistributionConfig: badCount }))
    .catch((e) => e);
  expect(countError.name).toBe('InvalidArgument');
  expect(countError.message).toContain('CustomHeaders');
  const moved = await cf
    .send(
      new UpdateDistributionCommand({
        Id: id,
        IfMatch: created.ETag,
        DistributionConfig: canaryDistributionConfig({ callerReference: 'other' }),
      }),
    )
    .catch((e) => e);
  expect(moved.name).toBe('IllegalUpdate');
  const noOrigin = canaryDistributionConfig({ callerReference: 'c4' });
  noOrigin.DefaultCacheBehavior!.TargetOriginId = 'nope';
  const originError = await cf.send(new CreateDistributionCommand({ DistributionConfig: noOrigin })).catch((e) => e);
  expect(originError.name).toBe('NoSuchOrigin');
  expect((await cf.send(new GetDistributionConfigCommand({ Id: id }))).ETag).toBe(created.ETag);
});

test('the same CallerReference twice is DistributionAlreadyExists', async () => {
  await cf.send(new CreateDistributionCommand({ DistributionConfig: canaryDistributionConfig({ callerReference: 'c5' }) }));
  const again = await cf
    .send(new CreateDistributionCommand({ DistributionConfig: canaryDistributionConfig({ callerReference: 'c5' }) }))
    .catch((e) => e);
  expect(again.name).toBe('DistributionAlreadyExists');
});

describe('answers like the examples AWS published (after the SDK parsed them, as the CLI prints them)', () => {
  const fixture = (name: string) =>
    JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), `../../fixtures/aws-reference/cloudfront/${name}.json`), 'utf8'));
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

  test.each(['GetDistributionConfig', 'GetDistribution'])('%s', async (name) => {
    const example = fixture(name);
    setCloudFrontTimings(sim.world, { deployMs: 0 });
    const created = await cf.send(
      new CreateDistributionCommand({ DistributionConfig: { ...example.request.DistributionConfig, CallerReference: `ref-${name}` } }),
    );
    const Command = name === 'GetDistribution' ? GetDistributionCommand : GetDistributionConfigCommand;
    const { $metadata: _metadata, ...answer } = await cf.send(new Command({ Id: created.Distribution!.Id! }));
    expect(shapeDifferences(example.response, plain(answer), Object.keys(example.notApplicable))).toEqual([]);
    expect(answer).toMatchObject({ ETag: created.ETag });
  });
});
