/** A clock for waits under test: sleeping moves time on at once, and every sleep is recorded. */
export function fakeClock(start = 0) {
  let time = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    advance: (ms: number) => void (time += ms),
  };
}
