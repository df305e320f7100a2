import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';

/** ECR's rules a client can trip over: tag mutability with exclusions, one endpoint per registry, 1 to 10 registry IDs. */

let sim: Simulator;
let ecr: ECRClient;
beforeEach(async () => {
  sim = await startSimulator();
  ecr = new ECRClient(simulatorClientConfig(sim));
});
afterEach(() => sim.stop());

const manifest = (content: string) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${content}`, size: 2 },
    layers: [{ digest: 'sha256:11', size: 42 }],
  });

/** Pushes image one with `tag`, then tries to move `tag` to image two: 'moved' or the error's name. */
async function retag(repositoryName: string, tag: string): Promise<string> {
  await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest('01'), imageTag: tag }));
  return ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest('02'), imageTag: tag })).then(
    () => 'moved',
    (e: Error) => e.name,
  );
}

test('IMMUTABLE_WITH_EXCLUSION: tags are immutable except those matching a filter', async () => {
  await ecr.send(
    new CreateRepositoryCommand({
      repositoryName: 'app/web',
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [
        { filterType: 'WILDCARD', filter: 'latest' },
        { filterType: 'WILDCARD', filter: 'dev-*' },
      ],
    }),
  );
  expect(await retag('app/web', 'v1.2.3')).toBe('ImageTagAlreadyExistsException');
  expect(await retag('app/web', 'latest')).toBe('moved');
  expect(await retag('app/web', 'dev-feature')).toBe('moved');
  const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['app/web'] }));
  expect(repositories![0].imageTagMutabilityExclusionFilters).toEqual([
    { filterType: 'WILDCARD', filter: 'latest' },
    { filterType: 'WILDCARD', filter: 'dev-*' },
  ]);
});

test('MUTABLE_WITH_EXCLUSION: tags are mutable except those matching a filter', async () => {
  await ecr.send(
    new CreateRepositoryCommand({
      repositoryName: 'app/api',
      imageTagMutability: 'MUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'release-*' }],
    }),
  );
  expect(await retag('app/api', 'latest')).toBe('moved');
  expect(await retag('app/api', 'release-1')).toBe('ImageTagAlreadyExistsException');
});

test('exclusion filters are checked: required with *_WITH_EXCLUSION, [0-9a-zA-Z._*-]{1,128}', async () => {
  const create = (imageTagMutabilityExclusionFilters?: Array<{ filterType: 'WILDCARD'; filter: string }>) =>
    ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'app/x',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters,
      }),
    );
  await expect(create()).rejects.toMatchObject({ name: 'InvalidParameterException' });
  await expect(create([{ filterType: 'WILDCARD', filter: 'v1/x' }])).rejects.toMatchObject({ name: 'ValidationException' });
});

test('GetAuthorizationToken: a distinct proxyEndpoint per registry ID, 1 to 10 IDs', async () => {
  const ids = ['111122223333', '444455556666'];
  const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({ registryIds: ids }));
  expect(authorizationData!.map((d) => d.proxyEndpoint)).toEqual(ids.map((id) => `https://${id}.dkr.ecr.us-east-1.amazonaws.com`));
  const eleven = Array.from({ length: 11 }, (_, i) => String(100000000000 + i));
  await expect(ecr.send(new GetAuthorizationTokenCommand({ registryIds: eleven }))).rejects.toMatchObject({ name: 'ValidationException' });
  await expect(ecr.send(new GetAuthorizationTokenCommand({ registryIds: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
});

test("with a real registry behind it, only the caller's own registry ID gets the registry's endpoint", async () => {
  const withRegistry = await startSimulator({
    registry: { host: '127.0.0.1:5999', url: 'https://127.0.0.1:5999', username: 'AWS', password: 'pw', caFile: '/dev/null' },
  });
  try {
    const client = new ECRClient(simulatorClientConfig(withRegistry));
    const { authorizationData } = await client.send(new GetAuthorizationTokenCommand({ registryIds: ['123456789012', '111122223333'] }));
    expect(authorizationData!.map((d) => d.proxyEndpoint)).toEqual([
      'https://127.0.0.1:5999',
      'https://111122223333.dkr.ecr.us-east-1.amazonaws.com',
    ]);
  } finally {
    await withRegistry.stop();
  }
});
