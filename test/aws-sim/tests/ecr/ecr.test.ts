import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  BatchDeleteImageCommand,
  PutImageCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { RegistryClient, pushTestImage } from '../../../registry/client.js';
import { startRegistry, type Registry } from '../../../registry/registry.js';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';

let registry: Registry;
let sim: Simulator;
let plain: Simulator;
let client: RegistryClient;
const ecrOf = (s: Simulator, region = 'us-east-1') => new ECRClient(simulatorClientConfig(s, region));

beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient(registry);
  sim = await startSimulator({ registry });
  plain = await startSimulator();
});
afterAll(async () => {
  await sim?.stop();
  await plain?.stop();
  await registry?.stop();
});

test('GetAuthorizationToken hands out the registry credentials, which the registry accepts', async () => {
  const out = await ecrOf(sim).send(new GetAuthorizationTokenCommand({}));
  expect(out.authorizationData).toHaveLength(1);
  const [data] = out.authorizationData!;
  expect(data.proxyEndpoint).toBe(registry.url);
  expect(data.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
  const decoded = Buffer.from(data.authorizationToken!, 'base64').toString();
  expect(decoded).toBe(`AWS:${registry.password}`);
  expect(await client.ping(`Basic ${data.authorizationToken}`)).toBe(200);
});

test('without a registry, tokens are fake and endpoints are ECR hosts per registry id', async () => {
  const out = await ecrOf(plain, 'eu-west-1').send(new GetAuthorizationTokenCommand({ registryIds: ['111122223333', '123456789012'] }));
  expect(out.authorizationData!.map((d) => d.proxyEndpoint)).toEqual([
    'https://111122223333.dkr.ecr.eu-west-1.amazonaws.com',
    'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  ]);
  expect(Buffer.from(out.authorizationData![0].authorizationToken!, 'base64').toString()).toMatch(/^AWS:.{40,}/);
});

test('repositories: create, describe, already exists, not found, lifecycle policy', async () => {
  const ecr = ecrOf(sim);
  const created = await ecr.send(
    new CreateRepositoryCommand({
      repositoryName: 'team/api',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    }),
  );
  expect(created.repository).toMatchObject({
    repositoryName: 'team/api',
    repositoryUri: `${registry.host}/team/api`,
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    repositoryArn: 'arn:aws:ecr:us-east-1:123456789012:repository/team/api',
  });
  await expect(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/api' }))).rejects.toMatchObject({
    name: 'RepositoryAlreadyExistsException',
  });
  await expect(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] }))).rejects.toMatchObject({
    name: 'RepositoryNotFoundException',
    message: "The repository with name 'nope' does not exist in the registry with id '123456789012'",
  });
  const described = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/api'] }));
  expect(described.repositories![0].createdAt).toBeInstanceOf(Date);
  const policy = JSON.stringify({
    rules: [
      { rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 }, action: { type: 'expire' } },
    ],
  });
  await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'team/api', lifecyclePolicyText: policy }));
  expect((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'team/api' }))).lifecyclePolicyText).toBe(policy);
  await expect(
    ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'team/api', lifecyclePolicyText: '{"rules": []}' })),
  ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  // The plain simulator gives ECR's own hosts.
  const other = await ecrOf(plain).send(new CreateRepositoryCommand({ repositoryName: 'team/api' }));
  expect(other.repository!.repositoryUri).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api');
});

test('images: DescribeImages and BatchGetImage answer from the registry; PutImage re-tags', async () => {
  const ecr = ecrOf(sim);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/worker' }));
  const v1 = await pushTestImage(client, { repository: 'team/worker', tag: 'v1' });
  const described = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/worker', imageIds: [{ imageTag: 'v1' }] }));
  expect(described.imageDetails).toEqual([
    expect.objectContaining({
      imageDigest: v1.digest,
      imageTags: ['v1'],
      imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      imageSizeInBytes: Buffer.byteLength('layer of team/worker:v1'),
    }),
  ]);
  expect(described.imageDetails![0].imagePushedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  await expect(
    ecr.send(new DescribeImagesCommand({ repositoryName: 'team/worker', imageIds: [{ imageTag: 'v9' }] })),
  ).rejects.toMatchObject({
    name: 'ImageNotFoundException',
    message:
      "The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the repository with name 'team/worker' in the registry with id '123456789012'",
  });

  const got = await ecr.send(
    new BatchGetImageCommand({ repositoryName: 'team/worker', imageIds: [{ imageDigest: v1.digest }, { imageTag: 'v9' }] }),
  );
  expect(got.images![0].imageManifest).toBe(v1.manifest);
  expect(got.failures).toEqual([expect.objectContaining({ failureCode: 'ImageNotFound' })]);

  const put = await ecr.send(new PutImageCommand({ repositoryName: 'team/worker', imageManifest: v1.manifest, imageTag: 'prod' }));
  expect(put.image!.imageId).toEqual({ imageDigest: v1.digest, imageTag: 'prod' });
  expect(await client.listTags('team/worker')).toEqual(['prod', 'v1']);
  await expect(
    ecr.send(new PutImageCommand({ repositoryName: 'team/worker', imageManifest: v1.manifest, imageTag: 'prod' })),
  ).rejects.toMatchObject({ name: 'ImageAlreadyExistsException' });

  // Mutable: a tag moves to another digest.
  const v2 = await pushTestImage(client, { repository: 'team/worker', tag: 'v2', content: 'other' });
  await ecr.send(new PutImageCommand({ repositoryName: 'team/worker', imageManifest: v2.manifest, imageTag: 'prod' }));
  expect((await client.headManifest('team/worker', 'prod'))?.digest).toBe(v2.digest);

  // Deleting one of two tags keeps the image.
  const del = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'team/worker', imageIds: [{ imageTag: 'prod' }] }));
  expect(del.imageIds).toEqual([{ imageDigest: v2.digest, imageTag: 'prod' }]);
  expect(await client.listTags('team/worker')).toEqual(['v1', 'v2']);
});

test('an immutable repository refuses to move a tag to another digest', async () => {
  const ecr = ecrOf(sim);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/immutable', imageTagMutability: 'IMMUTABLE' }));
  await pushTestImage(client, { repository: 'team/immutable', tag: 'v1' });
  const v2 = await pushTestImage(client, { repository: 'team/immutable', tag: 'v2', content: 'two' });
  await expect(
    ecr.send(new PutImageCommand({ repositoryName: 'team/immutable', imageManifest: v2.manifest, imageTag: 'v1' })),
  ).rejects.toMatchObject({
    name: 'ImageTagAlreadyExistsException',
    message:
      "The image tag 'v1' already exists in the 'team/immutable' repository and cannot be overwritten because the repository is immutable.",
  });
  await ecr.send(new PutImageCommand({ repositoryName: 'team/immutable', imageManifest: v2.manifest, imageTag: 'release' }));
  expect(await client.listTags('team/immutable')).toEqual(['release', 'v1', 'v2']);
});

test('without a registry, images live in memory with the same behaviour', async () => {
  const ecr = ecrOf(plain);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'mem/app' }));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:00', size: 2 },
    layers: [{ digest: 'sha256:11', size: 42 }],
  });
  const put = await ecr.send(new PutImageCommand({ repositoryName: 'mem/app', imageManifest: manifest, imageTag: 'v1' }));
  const described = await ecr.send(new DescribeImagesCommand({ repositoryName: 'mem/app' }));
  expect(described.imageDetails).toEqual([
    expect.objectContaining({ imageDigest: put.image!.imageId!.imageDigest, imageTags: ['v1'], imageSizeInBytes: 42 }),
  ]);
});
