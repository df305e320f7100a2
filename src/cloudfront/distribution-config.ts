import {
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
  type CloudFrontClient,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';

export type CloudFront = Pick<CloudFrontClient, 'send'>;

/** A distribution's config and the ETag UpdateDistribution must name in If-Match. */
export interface VersionedConfig {
  config: DistributionConfig;
  etag: string;
}

export async function readDistributionConfig(cloudfront: CloudFront, distributionId: string): Promise<VersionedConfig> {
  const answer = await cloudfront.send(new GetDistributionConfigCommand({ Id: distributionId }));
  if (!answer.DistributionConfig || !answer.ETag)
    throw new Error(`CloudFront answered GetDistributionConfig for ${distributionId} without a config or ETag`);
  return { config: answer.DistributionConfig, etag: answer.ETag };
}

/** Replaces the whole config (UpdateDistribution has no partial update), if it is still the version read. */
export async function writeDistributionConfig(cloudfront: CloudFront, distributionId: string, read: VersionedConfig): Promise<string> {
  const answer = await cloudfront.send(
    new UpdateDistributionCommand({ Id: distributionId, IfMatch: read.etag, DistributionConfig: read.config }),
  );
  return answer.ETag ?? '';
}
