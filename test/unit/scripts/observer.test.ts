import { actionCalls, OBSERVER_AGENT } from '../../../scripts/lib/observer.js';

test("the benchmarks' own look-ups are left out of the calls the actions are measured by", () => {
  const log = [
    { key: 'ecs.UpdateService', at: 1, userAgent: 'aws-sdk-js/3 ecs-ship/deploy-service' },
    { key: 'ecs.DescribeServices', at: 2, userAgent: `aws-sdk-js/3 ${OBSERVER_AGENT}` },
    { key: 'ecs.DescribeServices', at: 3 },
  ];
  expect(actionCalls(log).map((c) => c.at)).toEqual([1, 3]);
});
