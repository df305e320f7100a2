import { CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { setModes } from '../../control.js';
import { setScenario } from '../../services/ecs/scenarios.js';
import { createCluster, NETWORK, registerFargate, startHarness, waitFor, type Harness } from '../ecs/helpers.js';

/** CloudWatch Logs as a follower meets it: lines arrive in batches, and pages can be empty before the end. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await createCluster(h);
  await h.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/job' }));
});
afterEach(() => h.sim.stop());

const read = (logStreamName: string, nextToken?: string) =>
  h.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/job', logStreamName, startFromHead: true, nextToken, limit: 1 }));

test('awslogs ships in batches (logBatchMs): a line is readable only once its batch is sent, with ingestionTime after its timestamp', async () => {
  setModes(h.sim.world, { logBatchMs: 400 });
  const td = await registerFargate(h, { family: 'job', image: 'repo/job:1', logGroup: '/ecs/job' });
  setScenario(h.sim.world, { family: 'job', outcome: 'healthy', logs: ['first line'] });
  const { tasks } = await h.ecs.send(
    new RunTaskCommand({ cluster: 'main', taskDefinition: td, launchType: 'FARGATE', networkConfiguration: NETWORK }),
  );
  const stream = `ecs/app/${tasks![0].taskArn!.split('/').at(-1)}`;
  // The stream exists from RUNNING on, the line is written then, but not yet readable.
  await waitFor(
    () => read(stream).catch(() => undefined),
    (page) => page !== undefined,
  );
  const early = await read(stream);
  expect(early.events).toEqual([]);
  const later = await waitFor(
    () => read(stream),
    (page) => page.events!.length > 0,
    2000,
  );
  expect(later.events![0].message).toBe('first line');
  expect(later.events![0].ingestionTime!).toBeGreaterThan(later.events![0].timestamp!);
});

test('logEmptyPages: an empty page with a new token comes before events; only an unchanged token means the end', async () => {
  setModes(h.sim.world, { logEmptyPages: true });
  await h.logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/job', logStreamName: 's' }));
  await h.logs.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/job',
      logStreamName: 's',
      logEvents: ['a', 'b'].map((message, i) => ({ message, timestamp: 1_700_000_000_000 + i })),
    }),
  );
  const first = await read('s');
  expect(first.events!.map((e) => e.message)).toEqual(['a']);
  const empty = await read('s', first.nextForwardToken);
  expect(empty.events).toEqual([]);
  expect(empty.nextForwardToken).not.toBe(first.nextForwardToken);
  const second = await read('s', empty.nextForwardToken);
  expect(second.events!.map((e) => e.message)).toEqual(['b']);
  const end = await read('s', second.nextForwardToken);
  expect(end.events).toEqual([]);
  expect(end.nextForwardToken).toBe(second.nextForwardToken);
});
