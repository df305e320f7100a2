import { REGION_PATTERN } from './region.js';

/**
 * An ECR registry host names its account and region: 111122223333.dkr.ecr.eu-west-1.amazonaws.com,
 * with the FIPS endpoint (dkr.ecr-fips) and the China partition (.amazonaws.com.cn) too.
 */
const ECR_HOST = new RegExp(`^(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.(${REGION_PATTERN})\\.amazonaws\\.com(?:\\.cn)?$`);

export function ecrRegistryHost(host: string): { registryId: string; region: string } | undefined {
  const match = ECR_HOST.exec(host.toLowerCase());
  return match ? { registryId: match[1], region: match[2] } : undefined;
}
