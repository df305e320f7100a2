import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { setTimings } from '../../services/ecs/scenarios.js';
import { createCluster, NETWORK, registerFargate, startHarness, type Harness } from './helpers.js';

/** ECS tags on services, task definitions and clusters; DeleteService's draining, as ECS documents them. */

let h: Harness;
let cluster: string;
beforeAll(async () => {
  h = await startHarness();
  cluster = await createCluster(h, 'tags');
});
afterAll(() => h.sim.stop());

const service = async (name: string) =>
  (await h.ecs.send(new DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }))).services?.[0];

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met');
}

async function createService(name: string, tags = [{ key: 'team', value: 'web' }]) {
  const taskDefinition = await registerFargate(h, { family: name, image: 'app:1' });
  const answer = await h.ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: name,
      taskDefinition,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      tags,
    }),
  );
  return answer.service!;
}

test('TagResource adds and replaces tags, UntagResource removes them, ListTagsForResource and include TAGS show them', async () => {
  const { serviceArn } = await createService('tagged');
  await h.ecs.send(
    new TagResourceCommand({
      resourceArn: serviceArn!,
      tags: [
        { key: 'team', value: 'checkout' },
        { key: 'sha', value: 'abc' },
      ],
    }),
  );
  expect((await h.ecs.send(new ListTagsForResourceCommand({ resourceArn: serviceArn! }))).tags).toEqual([
    { key: 'team', value: 'checkout' },
    { key: 'sha', value: 'abc' },
  ]);
  await h.ecs.send(new UntagResourceCommand({ resourceArn: serviceArn!, tagKeys: ['team'] }));
  expect((await service('tagged'))?.tags).toEqual([{ key: 'sha', value: 'abc' }]);
});

test('task definitions and clusters are tagged the same way', async () => {
  const arn = await registerFargate(h, { family: 'tagged-td', image: 'app:1' });
  await h.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'pr', value: '7' }] }));
  expect((await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }))).tags).toEqual([
    { key: 'pr', value: '7' },
  ]);
  await h.ecs.send(new TagResourceCommand({ resourceArn: cluster, tags: [{ key: 'env', value: 'preview' }] }));
  expect((await h.ecs.send(new ListTagsForResourceCommand({ resourceArn: cluster }))).tags).toEqual([{ key: 'env', value: 'preview' }]);
});

test("ECS's tag rules: a short service ARN, aws: keys, more than 50 tags and unknown resources are refused", async () => {
  const short = 'arn:aws:ecs:us-east-1:123456789012:service/tagged';
  await expect(h.ecs.send(new TagResourceCommand({ resourceArn: short, tags: [{ key: 'a', value: 'b' }] }))).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: 'Long arn format must be used for tagging operations',
  });
  const { serviceArn } = (await service('tagged'))!;
  await expect(
    h.ecs.send(new TagResourceCommand({ resourceArn: serviceArn!, tags: [{ key: 'aws:x', value: 'b' }] })),
  ).rejects.toMatchObject({
    name: 'InvalidParameterException',
  });
  const many = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  await expect(h.ecs.send(new TagResourceCommand({ resourceArn: serviceArn!, tags: many }))).rejects.toMatchObject({
    name: 'InvalidParameterException',
  });
  await expect(
    h.ecs.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:123456789012:service/tags/nothing' })),
  ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});

test('DeleteService refuses a service scaled above 0 unless forced', async () => {
  await createService('scaled');
  await expect(h.ecs.send(new DeleteServiceCommand({ cluster, service: 'scaled' }))).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: 'The service cannot be stopped while it is scaled above 0.',
  });
  expect((await service('scaled'))?.status).toBe('ACTIVE');
});

test('a deleted service drains (DRAINING) until its tasks stop, then is INACTIVE; its name cannot be re-created while it drains', async () => {
  setTimings(h.sim.world, { drainMs: 400 });
  try {
    await createService('draining');
    await until(async () => (await service('draining'))?.runningCount === 1);
    await h.ecs.send(new UpdateServiceCommand({ cluster, service: 'draining', desiredCount: 0 }));
    const deleted = await h.ecs.send(new DeleteServiceCommand({ cluster, service: 'draining' }));
    expect(deleted.service?.status).toBe('DRAINING');
    const taskDefinition = await registerFargate(h, { family: 'draining', image: 'app:2' });
    const again = new CreateServiceCommand({
      cluster,
      serviceName: 'draining',
      taskDefinition,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
    });
    await expect(h.ecs.send(again)).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Unable to Start a service that is still Draining.',
    });
    await until(async () => (await service('draining'))?.status === 'INACTIVE');
    expect((await h.ecs.send(again)).service?.status).toBe('ACTIVE');
  } finally {
    setTimings(h.sim.world, { drainMs: 30 });
  }
});
