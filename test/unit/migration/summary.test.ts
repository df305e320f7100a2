import { formatCommand } from '../../../src/migration/command.js';
import { migrationSummary } from '../../../src/migration/summary.js';

const result = {
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/shop/abc',
  taskDefinition: 'shop-migrate:4',
  container: 'app',
  command: ['sh', '-c', 'rake db:migrate && echo <done>'],
  exitCode: 3,
  logUrl: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:x',
  lastLines: ['<html> in a log line'],
  durationMs: 95_000,
  end: 'stopped' as const,
  failure: 'migration exited with code 3 (container app)',
};

test('the summary shows command, duration, exit code and last lines, HTML-escaped', () => {
  const summary = migrationSummary(result);
  expect(summary.heading).toBe('Migration failed');
  expect(summary.table.rows).toEqual([
    ['Command', '<code>sh -c &quot;rake db:migrate &amp;&amp; echo &lt;done&gt;&quot;</code>'],
    ['Task definition', 'shop-migrate:4 (container app)'],
    ['Task', result.taskArn],
    ['Duration', '1m35s'],
    ['Exit code', '3'],
    ['Result', '❌ migration exited with code 3 (container app)'],
  ]);
  expect(summary.code).toEqual({ text: '&lt;html&gt; in a log line' });
  expect(summary.lines[0]).toContain('Logs in CloudWatch');
});

test('commands print back as typed', () => {
  expect(formatCommand(['bin/rails', 'db:migrate', 'VERSION=2024 01', ''])).toBe('bin/rails db:migrate "VERSION=2024 01" ""');
});
