import { MAX_LIST_PAGES, stoppedTasks } from '../../../src/ecs/stopped-tasks.js';
import { fakeClient } from '../fake-aws.js';

const REV = 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:2';
const arn = (i: number) => `arn:aws:ecs:us-east-1:123456789012:task/prod/${String(i).padStart(32, '0')}`;

/** `count` stopped tasks listed 100 a page, as ECS pages ListTasks. */
function ecs(count: number) {
  return fakeClient({
    ListTasks: (input) => {
      const start = Number(input.nextToken ?? 0);
      const taskArns = Array.from({ length: Math.min(100, count - start) }, (_, i) => arn(start + i));
      return { taskArns, ...(start + 100 < count ? { nextToken: String(start + 100) } : {}) };
    },
    DescribeTasks: (input) => ({
      tasks: input.tasks.map((taskArn: string) => ({
        taskArn,
        taskDefinitionArn: REV,
        stoppedAt: new Date(Number(taskArn.slice(-4)) * 1000),
      })),
    }),
  });
}

test("lists the deployment's own stopped tasks by its ID over several pages, described 100 at a time, newest first", async () => {
  const client = ecs(250);
  const tasks = await stoppedTasks({ ecs: client, cluster: 'prod', service: 'api', taskDefinitionArn: REV, deploymentId: 'ecs-svc/1' });
  expect(tasks).toHaveLength(250);
  expect(tasks[0].taskArn).toBe(arn(249));
  expect(client.callsTo('ListTasks')).toEqual([
    expect.objectContaining({ cluster: 'prod', startedBy: 'ecs-svc/1', desiredStatus: 'STOPPED', maxResults: 100, nextToken: undefined }),
    expect.objectContaining({ nextToken: '100' }),
    expect.objectContaining({ nextToken: '200' }),
  ]);
  expect(client.callsTo('ListTasks')[0]).not.toHaveProperty('serviceName');
  expect(client.callsTo('DescribeTasks').map((input) => input.tasks.length)).toEqual([100, 100, 50]);
});

test('reads at most MAX_LIST_PAGES pages, and without a deployment lists the service', async () => {
  const client = ecs(5000);
  const tasks = await stoppedTasks({ ecs: client, cluster: 'prod', service: 'api', taskDefinitionArn: REV });
  expect(client.callsTo('ListTasks')).toHaveLength(MAX_LIST_PAGES);
  expect(client.callsTo('ListTasks')[0]).toMatchObject({ serviceName: 'api' });
  expect(tasks).toHaveLength(MAX_LIST_PAGES * 100);
});

test('describes each task once across calls (skip), and keeps only the revision asked for', async () => {
  const client = ecs(3);
  const skip = new Set<string>([arn(0)]);
  const first = await stoppedTasks({ ecs: client, cluster: 'prod', service: 'api', taskDefinitionArn: REV, deploymentId: 'd', skip });
  expect(first.map((t) => t.taskArn)).toEqual([arn(2), arn(1)]);
  expect(await stoppedTasks({ ecs: client, cluster: 'prod', service: 'api', taskDefinitionArn: REV, deploymentId: 'd', skip })).toEqual([]);
  expect(client.callsTo('DescribeTasks')).toHaveLength(1);
  expect(await stoppedTasks({ ecs: ecs(3), cluster: 'prod', service: 'api', taskDefinitionArn: `${REV}0` })).toEqual([]);
});
