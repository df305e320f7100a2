import type { Builder, CacheReport } from './types.js';

/**
 * How many build steps came from the cache, read from the builder's own output: buildah/podman
 * print "STEP n/N:" and "--> Using cache <id>" (or "--> Cache pulled from remote <ref>"), buildx (plain progress) "#n [stage x/y] ..." and
 * "#n CACHED".
 */
export function cacheReport(builder: Builder, output: string): CacheReport | undefined {
  if (builder === 'docker') {
    // FROM is not counted, as for buildah: pulling the base image is not a layer this build makes.
    const steps = new Set([...output.matchAll(/^#(\d+) \[[^\]]*\d+\/\d+\] (?!FROM\b)/gm)].map((m) => m[1]));
    const cached = new Set([...output.matchAll(/^#(\d+) CACHED$/gm)].map((m) => m[1]).filter((id) => steps.has(id)));
    return steps.size ? { steps: steps.size, cached: cached.size } : undefined;
  }
  // Per step, as a remote hit prints "Cache pulled from remote" and then maybe "Using cache".
  // FROM is a step but never "from cache"; count the steps that could be.
  const steps = output.split(/^(?=STEP \d+\/\d+: )/m).filter((chunk) => /^STEP \d+\/\d+: (?!FROM\b)/i.test(chunk));
  const cached = steps.filter((chunk) => /^--> (Using cache|Cache pulled from remote) /m.test(chunk)).length;
  return steps.length ? { steps: steps.length, cached } : undefined;
}
