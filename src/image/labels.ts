/**
 * Standard OCI annotations as image labels, from what the runner tells about the commit. `created`
 * should be the commit's time, not the clock's: a rebuild of the same commit then hits the cache for
 * every step and yields the same digest (which an immutable tag accepts).
 */
export function ociLabels(env: NodeJS.ProcessEnv, created: Date): Array<[string, string]> {
  const labels: Array<[string, string]> = [['org.opencontainers.image.created', created.toISOString()]];
  if (env.GITHUB_REPOSITORY) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    labels.push(['org.opencontainers.image.source', `${server}/${env.GITHUB_REPOSITORY}`]);
  }
  if (env.GITHUB_SHA) labels.push(['org.opencontainers.image.revision', env.GITHUB_SHA]);
  return labels;
}

/** The user's labels win over the generated ones of the same name. */
export function mergeLabels(generated: Array<[string, string]>, user: Array<[string, string]>): Array<[string, string]> {
  const merged = new Map(generated);
  for (const [key, value] of user) merged.set(key, value);
  return [...merged];
}

/** SOURCE_DATE_EPOCH (the reproducible-builds convention), else the pushed commit's timestamp, else now. */
export function creationTime(env: NodeJS.ProcessEnv, event: { head_commit?: { timestamp?: string } }, now: Date): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  if (env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) return new Date(epoch * 1000);
  const commitTime = event.head_commit?.timestamp ? new Date(event.head_commit.timestamp) : undefined;
  return commitTime && !Number.isNaN(commitTime.getTime()) ? commitTime : now;
}
