import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { errorName } from '../aws/error-kind.js';
import type { LogStreamRef } from './follower.js';

/**
 * The last lines of a log stream (oldest first), for failure reports: a crashed container's
 * last words. A stream that does not exist (the container never started) gives no lines.
 */
export async function lastLogLines(options: {
  logs: Pick<CloudWatchLogsClient, 'send'>;
  location: LogStreamRef;
  limit: number;
}): Promise<string[]> {
  try {
    const response = await options.logs.send(
      new GetLogEventsCommand({
        logGroupName: options.location.group,
        logStreamName: options.location.stream,
        startFromHead: false,
        limit: options.limit,
      }),
    );
    return (response.events ?? []).map((event) => (event.message ?? '').replace(/\r?\n$/, '')).slice(-options.limit);
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return [];
    throw error;
  }
}
