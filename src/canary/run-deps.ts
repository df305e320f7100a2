import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Logger } from '../logger.js';
import type { Clock } from '../wait/clock.js';

/** What a mode that walks with its own gates (alb, cloudfront) runs with, besides its own service's client. */
export interface CanaryRunDeps {
  cloudwatch: Pick<CloudWatchClient, 'send'>;
  logger: Logger;
  signal?: AbortSignal;
  clock?: Clock;
}
