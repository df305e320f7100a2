import { GetDistributionCommand } from '@aws-sdk/client-cloudfront';
import type { Logger } from '../logger.js';
import type { Clock } from '../wait/clock.js';
import { pollUntil, type PollEnd } from '../wait/poll.js';
import type { CloudFront } from './distribution-config.js';

export interface DeployedWait {
  distributionId: string;
  logger: Pick<Logger, 'info'>;
  /** Epoch ms. */
  deadline: number;
  intervalMs: number;
  clock: Clock;
  signal?: AbortSignal;
}

/**
 * Until the distribution's Status is Deployed: a change to its config reaches every edge location
 * only then (minutes). One line when the status changes.
 */
export async function waitDeployed(cloudfront: CloudFront, wait: DeployedWait): Promise<PollEnd<true>> {
  let said: string | undefined;
  return pollUntil<true>({
    poll: async () => {
      const answer = await cloudfront.send(new GetDistributionCommand({ Id: wait.distributionId }));
      const status = answer.Distribution?.Status ?? 'unknown';
      if (status === 'Deployed') return true;
      if (status !== said) wait.logger.info(`Distribution ${wait.distributionId} is ${(said = status)}; waiting for Deployed`);
      return undefined;
    },
    intervalMs: () => wait.intervalMs,
    deadline: wait.deadline,
    subject: `distribution ${wait.distributionId}`,
    logger: wait.logger,
    now: wait.clock.now,
    sleep: wait.clock.sleep,
    signal: wait.signal,
  });
}
