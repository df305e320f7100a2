import { memoryLogger } from '../../../src/logger.js';
import { pollUntil, type PollOptions } from '../../../src/wait/poll.js';
import { awsError } from '../fake-aws.js';
import { fakeClock } from './fake-clock.js';

const SERVER = () => awsError('ServerException', 'Service unavailable', 503);
const REFUSED = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
const THROTTLED = () => awsError('ThrottlingException', 'Rate exceeded');

/** Polls answering from `answers` in turn (an Error is thrown; undefined means "not yet"). */
function wait(answers: Array<string | Error | undefined>, options: Partial<PollOptions<string>> = {}) {
  const clock = fakeClock();
  const logger = memoryLogger();
  let polls = 0;
  const ended = pollUntil<string>({
    poll: async () => {
      const answer = answers[Math.min(polls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    intervalMs: () => 10_000,
    deadline: 60 * 60_000,
    subject: 'api',
    logger,
    unreachableTimeoutMs: 60_000,
    now: clock.now,
    sleep: clock.sleep,
    ...options,
  });
  return { ended, clock, logger, polls: () => polls };
}

test('polls at the interval until an outcome, and returns it', async () => {
  const { ended, clock } = wait([undefined, undefined, 'done']);
  expect(await ended).toEqual({ end: 'done', value: 'done' });
  expect(clock.sleeps).toEqual([10_000, 10_000]);
});

test('ends at the deadline, the last sleep cut to it', async () => {
  const { ended, clock } = wait([undefined], { deadline: 25_000 });
  expect(await ended).toEqual({ end: 'timeout', silentForMs: undefined });
  expect(clock.sleeps).toEqual([10_000, 10_000, 5_000]);
});

test('an error waiting cannot cure ends the wait at once', async () => {
  const denied = awsError('AccessDeniedException', 'not authorized to perform ecs:DescribeServices');
  const { ended, logger, polls } = wait([undefined, denied, 'done']);
  expect(await ended).toEqual({ end: 'failed', error: denied });
  expect(polls()).toBe(2);
  expect(logger.lines).toEqual([]);
});

test('throttling is told once per run of throttled polls, and the wait goes on', async () => {
  const { ended, logger } = wait([THROTTLED(), THROTTLED(), undefined, THROTTLED(), 'done']);
  expect(await ended).toEqual({ end: 'done', value: 'done' });
  expect(logger.lines).toEqual([
    'api: ThrottlingException: Rate exceeded; still waiting',
    'api: ThrottlingException: Rate exceeded; still waiting',
  ]);
});

test('AWS silent: one line when it starts, a reminder now and then, one when it answers again', async () => {
  const { ended, logger } = wait([undefined, SERVER(), SERVER(), SERVER(), SERVER(), REFUSED(), THROTTLED(), undefined, 'done']);
  expect(await ended).toEqual({ end: 'done', value: 'done' });
  expect(logger.lines).toEqual([
    'api: AWS is not answering (ServerException: Service unavailable); still waiting, for up to 1m',
    'api: AWS has not answered for 20s (last error: ServerException: Service unavailable); still waiting',
    // Throttling is an answer of sorts: it neither ends the outage nor is told during it.
    'api: AWS has not answered for 40s (last error: connect ECONNREFUSED 10.0.0.1:443); still waiting',
    'api: AWS answers again after 1m',
  ]);
});

test('AWS silent for unreachable-timeout ends the wait with the sentence to fail with', async () => {
  const { ended, clock, logger, polls } = wait([undefined, REFUSED()], { unreachableTimeoutMs: 30_000 });
  expect(await ended).toEqual({
    end: 'unreachable',
    reason: 'AWS has not answered for 30s (last error: connect ECONNREFUSED 10.0.0.1:443)',
  });
  // Silent since the first failed poll started (t=10s), given up at the first poll 30s later.
  expect(clock.now()).toBe(40_000);
  expect(polls()).toBe(5);
  expect(logger.lines).toHaveLength(1 + 2);
});

test('the silence counts from when the failing poll started, including the SDK retries inside it', async () => {
  const clock = fakeClock();
  const ended = await pollUntil({
    poll: async () => {
      clock.advance(45_000); // the SDK retried for 45s before giving up
      throw SERVER();
    },
    intervalMs: () => 10_000,
    deadline: 60 * 60_000,
    subject: 'api',
    logger: memoryLogger(),
    unreachableTimeoutMs: 60_000,
    now: clock.now,
    sleep: clock.sleep,
  });
  expect(ended).toEqual({ end: 'unreachable', reason: 'AWS has not answered for 1m (last error: ServerException: Service unavailable)' });
  expect(clock.now()).toBe(100_000);
});

test('a deadline reached while AWS is silent says for how long it had been', async () => {
  const { ended } = wait([undefined, SERVER()], { deadline: 35_000 });
  expect(await ended).toEqual({ end: 'timeout', silentForMs: 25_000 });
});

test('the default unreachable timeout is 5 minutes', async () => {
  const { ended, clock } = wait([SERVER()], { unreachableTimeoutMs: undefined });
  expect(await ended).toMatchObject({ end: 'unreachable', reason: expect.stringMatching(/^AWS has not answered for 5m /) });
  expect(clock.now()).toBe(5 * 60_000);
});

test('an aborted signal ends the wait as cancelled, the sleep being handed the signal', async () => {
  const controller = new AbortController();
  const signals: Array<AbortSignal | undefined> = [];
  const ended = await pollUntil({
    poll: async () => undefined,
    intervalMs: () => 1000,
    deadline: Number.MAX_SAFE_INTEGER,
    subject: 'Task abc',
    logger: memoryLogger(),
    sleep: async (_ms, signal) => {
      signals.push(signal);
      controller.abort();
    },
    signal: controller.signal,
  });
  expect(ended).toEqual({ end: 'cancelled' });
  expect(signals).toEqual([controller.signal]);
});
