import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { startSimulator, type Simulator } from '../../server.js';
import { appendLogEvents } from '../../services/logs/state.js';

let sim: Simulator;
let logs: CloudWatchLogsClient;
beforeEach(async () => {
  sim = await startSimulator();
  logs = new CloudWatchLogsClient({
    endpoint: sim.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR0000001', secretAccessKey: 'simulator-secret-key-not-real' },
    maxAttempts: 1,
  });
});
afterEach(() => sim.stop());

const put = (stream: string, messages: string[], start = 1_700_000_000_000) =>
  logs.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/app',
      logStreamName: stream,
      logEvents: messages.map((message, i) => ({ message, timestamp: start + i })),
    }),
  );

test('log groups and streams are created once and described with prefixes and ordering', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/other' }));
  await expect(logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }))).rejects.toMatchObject({
    name: 'ResourceAlreadyExistsException',
  });
  const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/' }));
  expect(logGroups!.map((g) => [g.logGroupName, g.arn])).toEqual([
    ['/ecs/app', 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:*'],
  ]);

  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'ecs/web/b' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'ecs/web/a' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'other/c' }));
  await put('ecs/web/b', ['late'], 1_800_000_000_000);
  await put('ecs/web/a', ['early']);
  const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/app', logStreamNamePrefix: 'ecs/' }));
  expect(byName.logStreams!.map((s) => s.logStreamName)).toEqual(['ecs/web/a', 'ecs/web/b']);
  const byTime = await logs.send(
    new DescribeLogStreamsCommand({ logGroupName: '/ecs/app', orderBy: 'LastEventTime', descending: true, limit: 2 }),
  );
  expect(byTime.logStreams!.map((s) => s.logStreamName)).toEqual(['ecs/web/b', 'ecs/web/a']);
  expect(byTime.logStreams![0].lastEventTimestamp).toBe(1_800_000_000_000);
  expect(byTime.nextToken).toBeDefined();
  const rest = await logs.send(
    new DescribeLogStreamsCommand({ logGroupName: '/ecs/app', orderBy: 'LastEventTime', descending: true, nextToken: byTime.nextToken }),
  );
  expect(rest.logStreams!.map((s) => s.logStreamName)).toEqual(['other/c']);
  await expect(
    logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/app', orderBy: 'LastEventTime', logStreamNamePrefix: 'ecs/' })),
  ).rejects.toMatchObject({ name: 'InvalidParameterException' });
});

test('missing groups and streams raise ResourceNotFoundException with AWS messages', async () => {
  await expect(logs.send(new GetLogEventsCommand({ logGroupName: '/nope', logStreamName: 's' }))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    message: 'The specified log group does not exist.',
  });
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
  await expect(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: 's' }))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    message: 'The specified log stream does not exist.',
  });
  await expect(logs.send(new DescribeLogStreamsCommand({ logGroupName: '/nope' }))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
  });
});

test('GetLogEvents follows a stream with forward tokens, returning the same token when nothing is new', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'ecs/web/1' }));
  await put('ecs/web/1', ['one', 'two', 'three']);
  const first = await logs.send(
    new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: 'ecs/web/1', startFromHead: true, limit: 2 }),
  );
  expect(first.events!.map((e) => e.message)).toEqual(['one', 'two']);
  const second = await logs.send(
    new GetLogEventsCommand({
      logGroupName: '/ecs/app',
      logStreamName: 'ecs/web/1',
      startFromHead: true,
      nextToken: first.nextForwardToken,
    }),
  );
  expect(second.events!.map((e) => e.message)).toEqual(['three']);
  const idle = await logs.send(
    new GetLogEventsCommand({
      logGroupName: '/ecs/app',
      logStreamName: 'ecs/web/1',
      startFromHead: true,
      nextToken: second.nextForwardToken,
    }),
  );
  expect(idle.events).toEqual([]);
  expect(idle.nextForwardToken).toBe(second.nextForwardToken);

  appendLogEvents(sim.world, { group: '/ecs/app', stream: 'ecs/web/1', messages: ['four'] });
  const fresh = await logs.send(
    new GetLogEventsCommand({
      logGroupName: '/ecs/app',
      logStreamName: 'ecs/web/1',
      startFromHead: true,
      nextToken: idle.nextForwardToken,
    }),
  );
  expect(fresh.events!.map((e) => e.message)).toEqual(['four']);

  // Without startFromHead the newest events come first; the backward token pages towards older ones.
  const tail = await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: 'ecs/web/1', limit: 2 }));
  expect(tail.events!.map((e) => e.message)).toEqual(['three', 'four']);
  const older = await logs.send(
    new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: 'ecs/web/1', nextToken: tail.nextBackwardToken, limit: 2 }),
  );
  expect(older.events!.map((e) => e.message)).toEqual(['one', 'two']);
  await expect(
    logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: 'ecs/web/1', nextToken: 'garbage' })),
  ).rejects.toMatchObject({ name: 'InvalidParameterException' });
});

test('FilterLogEvents merges streams by time, filters by stream, time and pattern, and paginates', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'a' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'b' }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/app',
      logStreamName: 'a',
      logEvents: [
        { timestamp: 10, message: 'a1 ERROR' },
        { timestamp: 30, message: 'a2' },
      ],
    }),
  );
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/app',
      logStreamName: 'b',
      logEvents: [
        { timestamp: 20, message: 'b1 ERROR' },
        { timestamp: 40, message: 'b2' },
      ],
    }),
  );

  const all = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/app' }));
  expect(all.events!.map((e) => [e.logStreamName, e.message])).toEqual([
    ['a', 'a1 ERROR'],
    ['b', 'b1 ERROR'],
    ['a', 'a2'],
    ['b', 'b2'],
  ]);
  expect(new Set(all.events!.map((e) => e.eventId)).size).toBe(4);
  expect(all.nextToken).toBeUndefined();

  const onlyB = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/app', logStreamNames: ['b'], startTime: 25 }));
  expect(onlyB.events!.map((e) => e.message)).toEqual(['b2']);
  const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/app', filterPattern: 'ERROR' }));
  expect(errors.events!.map((e) => e.message)).toEqual(['a1 ERROR', 'b1 ERROR']);

  const page1 = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/app', limit: 3 }));
  expect(page1.events).toHaveLength(3);
  const page2 = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/app', limit: 3, nextToken: page1.nextToken }));
  expect(page2.events!.map((e) => e.message)).toEqual(['b2']);
  expect(page2.nextToken).toBeUndefined();
});

test('PutLogEvents rejects events out of chronological order', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'a' }));
  await expect(
    logs.send(
      new PutLogEventsCommand({
        logGroupName: '/ecs/app',
        logStreamName: 'a',
        logEvents: [
          { timestamp: 2, message: 'x' },
          { timestamp: 1, message: 'y' },
        ],
      }),
    ),
  ).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: 'Log events in a single PutLogEvents request must be in chronological order.',
  });
});
