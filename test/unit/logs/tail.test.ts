import { lastLogLines } from '../../../src/logs/tail.js';
import { awsError, fakeClient } from '../fake-aws.js';

const location = { group: '/ecs/shop', stream: 'web/web/abc' };

/** A fake clock: sleeping moves time on at once. */
function fakeClock(start: number) {
  const clock = {
    at: start,
    slept: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => void (clock.slept.push(ms), (clock.at += ms)),
  };
  return clock;
}

/**
 * One log stream as CloudWatch serves it: a line is readable from its `visibleAt` on (ingestion
 * delay); with `emptyPages`, a forward read with events to give first answers an empty page.
 */
function stream(clock: { now(): number }, lines: Array<{ message: string; visibleAt: number }> | 'missing', emptyPages = false) {
  return fakeClient({
    GetLogEvents: (input) => {
      if (lines === 'missing') throw awsError('ResourceNotFoundException', 'The specified log stream does not exist.');
      const visible = lines.filter((l) => l.visibleAt <= clock.now()).map((l) => ({ message: `${l.message}\n`, timestamp: l.visibleAt }));
      const token = /^([fb])\/(\d+)(\/e)?$/.exec(input.nextToken ?? '');
      let start: number;
      let end: number;
      if (token?.[1] === 'f') {
        start = Math.min(Number(token[2]), visible.length);
        if (emptyPages && !token[3] && start < visible.length)
          return { events: [], nextForwardToken: `f/${start}/e`, nextBackwardToken: `b/${start}` };
        end = Math.min(visible.length, start + input.limit);
      } else {
        end = token ? Number(token[2]) : visible.length;
        start = Math.max(0, end - input.limit);
      }
      return { events: visible.slice(start, end), nextForwardToken: `f/${end}`, nextBackwardToken: `b/${start}` };
    },
  });
}

test('lines ingested after the task stopped are waited for, through empty pages', async () => {
  const stoppedAt = 100_000;
  const clock = fakeClock(stoppedAt + 50);
  const logs = stream(
    clock,
    [
      { message: 'booting', visibleAt: stoppedAt - 1_000 },
      { message: 'Error: DATABASE_URL is not set', visibleAt: stoppedAt + 1_200 },
    ],
    true,
  );
  const lines = await lastLogLines({ logs, location, limit: 20, stoppedAt: new Date(stoppedAt), clock });
  expect(lines).toEqual(['booting', 'Error: DATABASE_URL is not set']);
  // Bounded: a few seconds past the stop at most.
  expect(clock.at - stoppedAt).toBeLessThanOrEqual(6_000);
});

test('a task that stopped a while ago: one read, no wait', async () => {
  const clock = fakeClock(500_000);
  const logs = stream(clock, [{ message: 'panic: boom', visibleAt: 1 }]);
  expect(await lastLogLines({ logs, location, limit: 20, stoppedAt: new Date(400_000), clock })).toEqual(['panic: boom']);
  expect(clock.slept).toEqual([]);
  expect(logs.callsTo('GetLogEvents')).toHaveLength(1);
});

test('a stream that keeps growing is read until a few seconds past the stop, keeping the last lines', async () => {
  const stoppedAt = 10_000;
  const clock = fakeClock(stoppedAt);
  const logs = stream(
    clock,
    Array.from({ length: 200 }, (_, i) => ({ message: `line ${i}`, visibleAt: stoppedAt + i * 100 })),
  );
  const lines = await lastLogLines({ logs, location, limit: 3, stoppedAt: new Date(stoppedAt), clock });
  expect(clock.at - stoppedAt).toBeLessThanOrEqual(6_500);
  expect(lines).toHaveLength(3);
  const last = Number(lines[2].split(' ')[1]);
  expect(lines).toEqual([`line ${last - 2}`, `line ${last - 1}`, `line ${last}`]);
  expect(last).toBeGreaterThan(50);
});

test('empty pages at the end of the stream are read through backwards', async () => {
  const clock = fakeClock(500_000);
  let served = 0;
  const logs = fakeClient({
    GetLogEvents: (input) => {
      served++;
      if (!input.nextToken) return { events: [], nextForwardToken: 'f/2', nextBackwardToken: 'b/2' };
      return { events: [{ message: 'a' }, { message: 'b' }], nextForwardToken: 'f/2', nextBackwardToken: 'b/0' };
    },
  });
  expect(await lastLogLines({ logs, location, limit: 20, stoppedAt: new Date(1), clock })).toEqual(['a', 'b']);
  expect(served).toBe(2);
  expect(logs.callsTo('GetLogEvents')[1]).toMatchObject({ nextToken: 'b/2', startFromHead: false });
});

test('a stream that never appears (the container never started) gives no lines, after a bounded wait', async () => {
  const stoppedAt = 10_000;
  const clock = fakeClock(stoppedAt);
  const logs = stream(clock, 'missing');
  expect(await lastLogLines({ logs, location, limit: 20, stoppedAt: new Date(stoppedAt), clock })).toEqual([]);
  expect(clock.at - stoppedAt).toBeLessThanOrEqual(6_000);
});

test("a stop time ahead of the runner's clock (skew) still bounds the wait", async () => {
  const clock = fakeClock(10_000);
  const logs = stream(clock, [{ message: 'x', visibleAt: 1 }]);
  expect(await lastLogLines({ logs, location, limit: 20, stoppedAt: new Date(10_000 + 3_600_000), clock })).toEqual(['x']);
  expect(clock.at - 10_000).toBeLessThanOrEqual(6_000);
});
