import { registerUnlessUnchanged } from '../../../src/ecs/register-task-definition.js';
import { memoryLogger } from '../../../src/logger.js';
import { awsError, fakeClient } from '../fake-aws.js';

const rendered = {
  family: 'shop',
  containerDefinitions: [{ name: 'web', image: 'app@sha256:1111', essential: true }],
};
const described = (revision: number, image: string) => ({
  ...rendered,
  taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/shop:${revision}`,
  revision,
  status: 'ACTIVE' as const,
  containerDefinitions: [{ name: 'web', image, essential: true, cpu: 0, environment: [], mountPoints: [] }],
});

/** ECS with `latest` as the family's newest revision it shows; registering adds `registers` (default 9). */
function ecs(latest: ReturnType<typeof described> | undefined, registers = 9) {
  return fakeClient({
    DescribeTaskDefinition: () => {
      if (!latest) throw awsError('ClientException', 'Unable to describe task definition.');
      return { taskDefinition: latest };
    },
    RegisterTaskDefinition: (input) => ({
      taskDefinition: { ...input, revision: registers, taskDefinitionArn: `arn:.../shop:${registers}` },
    }),
  });
}

test("reuses the family's latest revision when it says the same (a migration registered it first)", async () => {
  const client = ecs(described(8, 'app@sha256:1111'));
  const logger = memoryLogger();
  const result = await registerUnlessUnchanged({
    ecs: client,
    document: rendered,
    reuse: [described(7, 'app@sha256:0000')],
    logger,
    subject: 'api',
  });
  expect(result).toMatchObject({ registered: false, definition: { revision: 8 } });
  expect(client.callsTo('RegisterTaskDefinition')).toHaveLength(0);
  expect(logger.lines.join('\n')).toContain("identical to the family's latest revision shop:8");
});

test('registers when neither the running nor the latest revision matches, naming what changed', async () => {
  const client = ecs(described(8, 'app@sha256:2222'));
  const logger = memoryLogger();
  const result = await registerUnlessUnchanged({
    ecs: client,
    document: rendered,
    reuse: [described(7, 'app@sha256:0000')],
    logger,
    subject: 'api',
  });
  expect(result.registered).toBe(true);
  expect(client.callsTo('RegisterTaskDefinition')).toHaveLength(1);
  expect(logger.lines.join('\n')).toContain('registered shop:9 (changed from shop:7: container web (image))');
});

test('a new family is registered', async () => {
  const client = ecs(undefined, 1);
  const logger = memoryLogger();
  expect((await registerUnlessUnchanged({ ecs: client, document: rendered, logger, subject: 'migration' })).registered).toBe(true);
  expect(logger.lines.join('\n')).toContain('registered shop:1 (new family)');
});

test('a revision above 1 with no earlier one visible (ECS read lag) is not called a new family', async () => {
  const client = ecs(undefined, 2);
  const logger = memoryLogger();
  await registerUnlessUnchanged({ ecs: client, document: rendered, logger, subject: 'migration' });
  expect(logger.lines.join('\n')).toContain('registered shop:2 (no earlier revision visible yet to compare with)');
});

describe('a registration whose answer was lost', () => {
  /** ECS applies the registration (it becomes the latest revision), then the answer is lost. */
  function losingClient() {
    let latest: ReturnType<typeof described> | undefined = described(7, 'app@sha256:0000');
    const client = fakeClient({
      DescribeTaskDefinition: () => ({ taskDefinition: latest }),
      RegisterTaskDefinition: () => {
        latest = described(8, 'app@sha256:1111');
        throw awsError('ServerException', 'Service unavailable', 500);
      },
    });
    return client;
  }

  test('is found as the family latest revision and used, not registered again', async () => {
    const client = losingClient();
    const logger = memoryLogger();
    const result = await registerUnlessUnchanged({ ecs: client, document: rendered, logger, subject: 'api' });
    expect(result).toMatchObject({ registered: true, definition: { revision: 8 } });
    expect(client.callsTo('RegisterTaskDefinition')).toHaveLength(1);
    expect(logger.lines.join('\n')).toContain('api: the answer to RegisterTaskDefinition was lost, but ECS registered shop:8: using it');
  });

  test('is found when it becomes the latest revision only a moment later (reads lag writes)', async () => {
    let looks = 0;
    const client = fakeClient({
      // The pre-check and the first look after the failure still see revision 7.
      DescribeTaskDefinition: () => ({ taskDefinition: ++looks <= 2 ? described(7, 'app@sha256:0000') : described(8, 'app@sha256:1111') }),
      RegisterTaskDefinition: () => {
        throw awsError('ServerException', 'Service unavailable', 500);
      },
    });
    const sleeps: number[] = [];
    const result = await registerUnlessUnchanged({
      ecs: client,
      document: rendered,
      logger: memoryLogger(),
      subject: 'api',
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(result.definition.revision).toBe(8);
    expect(sleeps).toEqual([1000]);
    expect(client.callsTo('RegisterTaskDefinition')).toHaveLength(1);
  });

  test('fails with the error when the latest revision is not what was sent', async () => {
    const client = fakeClient({
      DescribeTaskDefinition: () => ({ taskDefinition: described(7, 'app@sha256:0000') }),
      RegisterTaskDefinition: () => {
        throw awsError('ServerException', 'Service unavailable', 500);
      },
    });
    const sleeps: number[] = [];
    const sleep = async (ms: number) => void sleeps.push(ms);
    await expect(
      registerUnlessUnchanged({ ecs: client, document: rendered, logger: memoryLogger(), subject: 'api', sleep }),
    ).rejects.toThrow('Service unavailable');
    // Once before registering, then three looks a second apart (reads may lag the write).
    expect(client.callsTo('DescribeTaskDefinition')).toHaveLength(4);
    expect(sleeps).toEqual([1000, 1000]);
    expect(client.callsTo('RegisterTaskDefinition')).toHaveLength(1);
  });
});
