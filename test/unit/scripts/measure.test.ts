import { applyMasks, parseLine } from '../../../scripts/lib/job.js';
import { callsDuring, coldStart, countByOperation, lineLatencies, median } from '../../../scripts/lib/measure.js';

describe('benchmark helpers', () => {
  const log = [
    { key: 'sts.GetCallerIdentity', at: 90 },
    { key: 'ecs.DescribeServices', at: 130 },
    { key: 'ecs.UpdateService', at: 150 },
    { key: 'ecs.DescribeServices', at: 170 },
    { key: 'ecr.DescribeImages', at: 400 },
  ];

  it('attributes calls to the step that was running', () => {
    const step = { spawnedAt: 100, endedAt: 200 };
    expect(coldStart(log, step)).toBe(30);
    expect(countByOperation(callsDuring(log, step))).toEqual({ 'ecs.DescribeServices': 2, 'ecs.UpdateService': 1 });
    expect(coldStart(log, { spawnedAt: 200, endedAt: 300 })).toBeUndefined();
  });

  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('matches written log lines to printed ones in order, once each', () => {
    const written = [
      { message: 'step 1', at: 1000 },
      { message: 'step 1', at: 1100 },
      { message: 'never printed', at: 1200 },
    ];
    const printed = [
      { text: 'migrate | step 1', at: 1500 },
      { text: 'migrate | step 1', at: 1600 },
    ];
    expect(lineLatencies(written, printed)).toEqual([500, 500]);
  });
});

describe('step output as the runner reads it', () => {
  it('turns workflow commands into kinds and collects masks', () => {
    const masks = new Set<string>();
    expect(parseLine('::add-mask::s3cr3t', masks)).toBeUndefined();
    expect(parseLine('::group::Build', masks)).toEqual({ kind: 'group', text: 'Build' });
    expect(parseLine('::error file=a.ts,line=3::bad%0Anext', masks)).toEqual({ kind: 'error', text: 'bad\nnext' });
    expect(parseLine('::save-state name=x::1', masks)).toBeUndefined();
    expect(parseLine('plain :: text', masks)).toEqual({ kind: 'log', text: 'plain :: text' });
    expect(applyMasks('password s3cr3t here', masks)).toBe('password *** here');
  });
});
