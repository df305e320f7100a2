import type { CloudFront } from '../../cloudfront/distribution-config.js';
import { readDistributionConfig } from '../../cloudfront/distribution-config.js';
import { errorName } from '../../aws/error-kind.js';
import { invalidSetting } from '../../inputs/setting-error.js';
import { describeAlarmStates } from '../../cloudwatch/alarms.js';
import { systemClock } from '../../wait/clock.js';
import type { CanaryOutcome } from '../outcome.js';
import type { CanaryRunDeps } from '../run-deps.js';
import { Timeline } from '../timeline.js';
import { readAlarms } from '../alarms.js';
import type { CloudFrontCanaryOptions } from './options.js';
import { requireCanaryOrigin, shareFound, shares } from './share.js';
import { CloudFrontWalk } from './walk.js';

export interface CloudFrontCanaryDeps extends CanaryRunDeps {
  cloudfront: CloudFront;
}

/**
 * mode cloudfront: reads the distribution's config (the origin, the canary origin header, the
 * share now) and the alarms, all before any change, so a wrong ID or alarm name changes nothing;
 * then walks, promotes or aborts.
 */
export async function runCloudFrontCanary(options: CloudFrontCanaryOptions, deps: CloudFrontCanaryDeps): Promise<CanaryOutcome> {
  const clock = deps.clock ?? systemClock;
  const { config } = await readDistributionConfig(deps.cloudfront, options.distributionId).catch((error) => {
    if (errorName(error) !== 'NoSuchDistribution') throw error;
    throw invalidSetting(
      'distributionId',
      options.distributionId,
      'the ID of a CloudFront distribution of this account (CloudFront has none with this ID)',
    );
  });
  const canaryOrigin = requireCanaryOrigin(config, options.originId);
  const found = shareFound(config, options);
  if (options.walk.alarms.length && options.walk.action !== 'abort') await describeAlarmStates(deps.cloudwatch, options.walk.alarms);
  const timeline = new Timeline(deps.logger, clock.now);
  const unreadable =
    found.raw !== undefined && String(found.share) !== found.raw.trim()
      ? ` (${options.weightHeader} was "${found.raw}", which the router reads as 0%)`
      : '';
  timeline.add({
    event: `Share found on origin ${options.originId} of ${options.distributionId} (canary origin ${canaryOrigin})${unreadable}`,
    traffic: shares(found.share),
  });
  const walk = new CloudFrontWalk(
    {
      cloudfront: deps.cloudfront,
      readAlarms: () => readAlarms(deps.cloudwatch, options.walk.alarms),
      options,
      timeline,
      logger: deps.logger,
      clock,
      signal: deps.signal,
    },
    found.share,
  );
  if (options.walk.action === 'abort') return walk.abort();
  if (options.walk.action === 'promote') return walk.promote();
  return walk.walk();
}
