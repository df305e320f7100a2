import { awslogsLocation, logStreamConsoleUrl, whyNoAwslogs } from '../../../src/ecs/awslogs.js';
import { taskId } from '../../../src/ecs/names.js';

const arn = 'arn:aws:ecs:eu-west-1:123456789012:task/shop/0f1e2d3c4b5a';
const container = {
  name: 'migrate',
  logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'app' } },
};

test('the awslogs stream is <prefix>/<container>/<task id>, in the awslogs-region when set', () => {
  expect(awslogsLocation(container, arn, 'eu-west-1')).toEqual({
    group: '/ecs/shop',
    stream: 'app/migrate/0f1e2d3c4b5a',
    region: 'eu-west-1',
  });
  const elsewhere = {
    ...container,
    logConfiguration: { ...container.logConfiguration, options: { ...container.logConfiguration.options, 'awslogs-region': 'us-west-2' } },
  };
  expect(awslogsLocation(elsewhere, arn, 'eu-west-1')?.region).toBe('us-west-2');
  expect(taskId(arn)).toBe('0f1e2d3c4b5a');
});

test('no location without awslogs or a stream prefix, and the reason in words', () => {
  const splunk = { name: 'migrate', logConfiguration: { logDriver: 'splunk' as const, options: {} } };
  expect(awslogsLocation(splunk, arn, 'eu-west-1')).toBeUndefined();
  expect(whyNoAwslogs(splunk)).toBe('container migrate logs with splunk, not awslogs');
  const noPrefix = { name: 'migrate', logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/shop' } } };
  expect(awslogsLocation(noPrefix, arn, 'eu-west-1')).toBeUndefined();
  expect(whyNoAwslogs(noPrefix)).toBe('container migrate has no awslogs-stream-prefix option');
});

test("the console URL uses the console's double encoding", () => {
  expect(logStreamConsoleUrl({ group: '/ecs/shop', stream: 'app/migrate/0f1e', region: 'eu-west-1' })).toBe(
    'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fshop/log-events/app$252Fmigrate$252F0f1e',
  );
});
