import { CreateRepositoryCommand, DescribeRepositoriesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { ensureRepository } from '../../../src/ecr/repository.js';
import { memoryLogger } from '../../../src/logger.js';

/**
 * AWS errors are recognised by name (errorName), as every other module does: an error from another
 * copy of the SDK (a second bundle, a stand-in) is not an instance of this copy's classes.
 */
const awsError = (name: string) => Object.assign(new Error(`${name} from AWS`), { name, $fault: 'client' });
const URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api';
const settings = { name: 'team/api', scanOnPush: true, imageTagMutability: 'IMMUTABLE' as const };

test('a repository another job created between describe and create is taken as it is', async () => {
  let describes = 0;
  const ecr = {
    send: async (command: unknown) => {
      if (command instanceof DescribeRepositoriesCommand) {
        if (describes++ === 0) throw awsError('RepositoryNotFoundException');
        return { repositories: [{ repositoryUri: URI }] };
      }
      if (command instanceof CreateRepositoryCommand) throw awsError('RepositoryAlreadyExistsException');
      throw new Error('unexpected command');
    },
  } as unknown as ECRClient;
  await expect(ensureRepository(settings, { ecr, logger: memoryLogger() })).resolves.toEqual({
    name: 'team/api',
    uri: URI,
    created: false,
  });
  expect(describes).toBe(2);
});
