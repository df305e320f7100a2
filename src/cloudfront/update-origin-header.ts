import { errorName } from '../aws/error-kind.js';
import { readDistributionConfig, writeDistributionConfig, type CloudFront } from './distribution-config.js';
import { originHeader, withOriginHeader } from './origin-header.js';

/** Someone else changing the distribution between our read and write is retried this often. */
const CONFLICT_ATTEMPTS = 3;

export interface OriginHeaderChange {
  distributionId: string;
  originId: string;
  headerName: string;
  value: string;
}

/**
 * Sets one custom header on one origin: reads the config and its ETag, writes it back with only
 * that header changed, naming the ETag in If-Match. A PreconditionFailed (the distribution changed
 * in between) reads again and re-applies the change. Returns false when the header already had
 * the value (nothing written).
 */
export async function updateOriginHeader(cloudfront: CloudFront, change: OriginHeaderChange): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const read = await readDistributionConfig(cloudfront, change.distributionId);
    if (originHeader(read.config, change.originId, change.headerName) === change.value) return false;
    try {
      await writeDistributionConfig(cloudfront, change.distributionId, { etag: read.etag, config: withOriginHeader(read.config, change) });
      return true;
    } catch (error) {
      if (errorName(error) !== 'PreconditionFailed' || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}
