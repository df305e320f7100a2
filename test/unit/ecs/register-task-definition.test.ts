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

function ecs(latest: ReturnType<typeof described> | undefined) {
  return fakeClient({
    DescribeTaskDefinition: () => {
      if (!latest) throw awsError('ClientException', 'Unable to describe task definition.');
      return { taskDefinition: latest };
    },
    RegisterTaskDefinition: (input) => ({ taskDefinition: { ...input, revision: 9, taskDefinitionArn: 'arn:.../shop:9' } }),
  });
}

test("reuses the family's latest revision when it says the same (a migration registered it first)", async () => {
  const client = ecs(described(8, 'app@sha256:1111'));
  const log = memoryLogger();
  const result = await registerUnlessUnchanged({ ecs: client, document: rendered, reuse: [described(7, 'app@sha256:0000')], log, subject: 'api' });
  expect(result).toMatchObject({ registered: false, definition: { revision: 8 } });
  expect(client.callsTo('RegisterTaskDefinition')).toHaveLength(0);
  expect(log.lines.join('\n')).toContain("identical to the family's latest revision shop:8");
});

test('registers when neither the running nor the latest revision matches, naming what changed', async () => {
  const client = ecs(described(8, 'app@sha256:2222'));
  const log = memoryLogger();
  const result = await registerUnlessUnchanged({ ecs: client, document: rendered, reuse: [described(7, 'app@sha256:0000')], log, subject: 'api' });
  expect(result.registered).toBe(true);
  expect(client.callsTo('RegisterTaskDefinition')).toHaveLength(1);
  expect(log.lines.join('\n')).toContain('registered shop:9 (changed from shop:7: container web (image))');
});

test('a new family is registered', async () => {
  const client = ecs(undefined);
  const log = memoryLogger();
  expect((await registerUnlessUnchanged({ ecs: client, document: rendered, log, subject: 'migration' })).registered).toBe(true);
  expect(log.lines.join('\n')).toContain('(new family)');
});
