import { LogFollower } from '../../../src/logs/follower.js';
import { awsError, fakeClient } from '../fake-aws.js';

const location = { group: '/ecs/shop', stream: 'migrate/migrate/abc' };
const ev = (timestamp: number, message: string) => ({ timestamp, message, ingestionTime: timestamp });

/** A scripted GetLogEvents: each answer is looked up by the token the follower sends. */
function scripted(pages: Record<string, Array<{ events: any[]; next: string }> | 'missing'>) {
  const served: Record<string, number> = {};
  return fakeClient({
    GetLogEvents: (input) => {
      const key = input.nextToken ?? 'start';
      const answers = pages[key];
      if (answers === 'missing' || !answers) throw awsError('ResourceNotFoundException', 'The specified log stream does not exist.');
      const i = Math.min(served[key] ?? 0, answers.length - 1);
      served[key] = (served[key] ?? 0) + 1;
      return { events: answers[i].events, nextForwardToken: answers[i].next };
    },
  });
}

function follow(logs: ReturnType<typeof fakeClient>) {
  const lines: string[] = [];
  const follower = new LogFollower({ logs, location, onLine: (line) => lines.push(line) });
  return { follower, lines };
}

test('a stream that does not exist yet is "nothing yet", not an error', async () => {
  const { follower, lines } = follow(scripted({ start: 'missing' }));
  expect(await follower.poll()).toBe(0);
  expect(follower.found).toBe(false);
  expect(lines).toEqual([]);
});

test('follows pages through forward tokens, each line once and in order', async () => {
  const logs = scripted({
    start: [{ events: [ev(1, 'migrating'), ev(2, 'step 1')], next: 'f/2' }],
    'f/2': [{ events: [ev(3, 'step 2')], next: 'f/3' }],
    'f/3': [
      { events: [], next: 'f/3' },
      { events: [], next: 'f/3' },
      { events: [ev(4, 'done')], next: 'f/4' },
    ],
    'f/4': [{ events: [], next: 'f/4' }],
  });
  const { follower, lines } = follow(logs);
  expect(await follower.poll()).toBe(3);
  expect(lines).toEqual(['migrating', 'step 1', 'step 2']);
  // At the end of the stream: the same token back, nothing new.
  expect(await follower.poll()).toBe(0);
  expect(await follower.poll()).toBe(1);
  expect(lines).toEqual(['migrating', 'step 1', 'step 2', 'done']);
  expect(follower.found).toBe(true);
  expect(logs.callsTo('GetLogEvents').map((c) => c.nextToken)).toEqual([undefined, 'f/2', 'f/3', 'f/3', 'f/3', 'f/4']);
  expect(logs.callsTo('GetLogEvents').every((c) => c.startFromHead === true)).toBe(true);
});

test('a page served again or overlapping the previous one prints nothing twice', async () => {
  const logs = scripted({
    start: [{ events: [ev(1, 'a'), ev(2, 'b')], next: 't1' }],
    // Overlap: the next page repeats the last event, then goes on.
    t1: [{ events: [ev(2, 'b'), ev(3, 'c')], next: 't2' }],
    // A token that did not advance but came back with old events.
    t2: [{ events: [ev(3, 'c')], next: 't2' }],
  });
  const { follower, lines } = follow(logs);
  await follower.poll();
  await follower.poll();
  expect(lines).toEqual(['a', 'b', 'c']);
});

test('identical lines within one page are all printed', async () => {
  const logs = scripted({
    start: [{ events: [ev(5, '.'), ev(5, '.'), ev(5, '.')], next: 't' }],
    t: [{ events: [], next: 't' }],
  });
  const { follower, lines } = follow(logs);
  await follower.poll();
  expect(lines).toEqual(['.', '.', '.']);
});

test('an advanced token with an empty page keeps reading (CloudWatch may do that)', async () => {
  const logs = scripted({
    start: [{ events: [], next: 'empty' }],
    empty: [{ events: [ev(9, 'late')], next: 'end' }],
    end: [{ events: [], next: 'end' }],
  });
  const { follower, lines } = follow(logs);
  await follower.poll();
  expect(lines).toEqual(['late']);
});

test('trailing newlines are dropped and the last lines are kept', async () => {
  const logs = scripted({
    start: [{ events: [ev(1, 'one\n'), ev(2, 'two\r\n'), ev(3, 'three')], next: 't' }],
    t: [{ events: [], next: 't' }],
  });
  const { follower } = follow(logs);
  await follower.poll();
  expect(follower.lastLines(2)).toEqual(['two', 'three']);
});

test("other errors are the caller's to handle", async () => {
  const logs = fakeClient({
    GetLogEvents: () => {
      throw awsError('AccessDeniedException', 'not allowed');
    },
  });
  const { follower } = follow(logs);
  await expect(follower.poll()).rejects.toThrow('not allowed');
});
