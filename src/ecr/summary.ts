import { escapeHtml, htmlCode as code } from '../format.js';
import type { RepositoryResult } from './repository.js';
import type { RegistryCredentials } from './token.js';

/** The job summary of ecr-login: registries and expiry, the config path, the repository. Never a secret. */
export function loginSummary(o: { credentials: RegistryCredentials[]; configDir: string; repository?: RepositoryResult }) {
  // Summary lines follow the table's HTML, so they are HTML too: Markdown backticks would show as they are.
  const lines = [`Docker config: ${code(o.configDir)} (exported as DOCKER_CONFIG and REGISTRY_AUTH_FILE, deleted at the end of the job)`];
  if (o.repository) {
    lines.push(
      `Repository ${code(o.repository.name)}: ${o.repository.created ? 'created' : 'already existed'} (${escapeHtml(o.repository.uri)})`,
    );
  }
  return {
    heading: 'ECR login',
    table: {
      header: ['Registry', 'Region', 'Token expires'],
      rows: o.credentials.map((c) => [escapeHtml(c.host), c.region, c.expiresAt ? c.expiresAt.toISOString() : 'unknown']),
    },
    lines,
  };
}
