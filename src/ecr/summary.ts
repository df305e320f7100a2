import type { RepositoryResult } from './repository.js';
import type { RegistryCredentials } from './token.js';

/** The job summary of ecr-login: registries and expiry, the config path, the repository. Never a secret. */
export function loginSummary(o: {
  credentials: RegistryCredentials[];
  configDir: string;
  repository?: RepositoryResult;
}) {
  const lines = [`Docker config: \`${o.configDir}\` (exported as DOCKER_CONFIG and REGISTRY_AUTH_FILE, deleted at the end of the job)`];
  if (o.repository) {
    lines.push(`Repository \`${o.repository.name}\`: ${o.repository.created ? 'created' : 'already existed'} (${o.repository.uri})`);
  }
  return {
    heading: 'ECR login',
    table: {
      header: ['Registry', 'Region', 'Token expires'],
      rows: o.credentials.map((c) => [c.host, c.region, c.expiresAt ? c.expiresAt.toISOString() : 'unknown']),
    },
    lines,
  };
}
