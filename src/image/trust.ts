/**
 * When an image already under the commit's tag may be reused instead of building. Anything that can
 * push to the repository (a preview build, a manual build of another ref) could have put it there,
 * so it is reused only when it is what this build would produce: the tag cannot move (an immutable
 * repository only ever holds the first push), or its labels say it was built from this commit by
 * this repository's builds of the same purpose. Any workflow of the repository qualifies (a manual
 * redeploy reuses what the push workflow built); the workflow is labelled for the record.
 * Labels guard against mistakes, not against someone who can push anything: immutable tags and
 * IAM that keeps pull-request jobs away from production repositories do that.
 */

export const REVISION_LABEL = 'org.opencontainers.image.revision';
/** "<owner/repo> <purpose>": which builds made the image. */
export const BUILT_BY_LABEL = 'dev.ecs-ship.built-by';
/** The workflow file that built it (GITHUB_WORKFLOW_REF without the ref), for the record. */
export const WORKFLOW_LABEL = 'dev.ecs-ship.workflow';

export type TrustVerdict = { reuse: true; why: string } | { reuse: false; why: string };

export function trustExisting(o: {
  immutableTag: boolean;
  labels: Record<string, string> | undefined;
  revision?: string;
  builtBy: string;
}): TrustVerdict {
  if (o.immutableTag) return { reuse: true, why: 'its tag is immutable' };
  if (!o.labels) return { reuse: false, why: 'its labels could not be read' };
  const revision = o.labels[REVISION_LABEL];
  if (!o.revision) return { reuse: false, why: 'the commit being built is unknown' };
  if (revision !== o.revision) {
    return {
      reuse: false,
      why: `its revision label is ${revision ? `"${revision}"` : 'missing'}, not the commit being built (${o.revision})`,
    };
  }
  const builtBy = o.labels[BUILT_BY_LABEL];
  if (builtBy !== o.builtBy) {
    return {
      reuse: false,
      why: `it was built by ${builtBy ? `"${builtBy}"` : 'an unknown build (no built-by label)'}, not "${o.builtBy}"`,
    };
  }
  return { reuse: true, why: `its labels name this commit and "${o.builtBy}"` };
}

/** The built-by label's value for this run. */
export function builtBy(o: { repository?: string; purpose: string }): string {
  return `${o.repository || 'unknown-repository'} ${o.purpose}`;
}

/** The workflow file from GITHUB_WORKFLOW_REF ("owner/repo/.github/workflows/x.yml@refs/heads/main"), else its name. */
export function workflowOf(env: NodeJS.ProcessEnv): string | undefined {
  const ref = env.GITHUB_WORKFLOW_REF;
  if (ref && env.GITHUB_REPOSITORY && ref.startsWith(`${env.GITHUB_REPOSITORY}/`)) {
    return ref.slice(env.GITHUB_REPOSITORY.length + 1).replace(/@.*$/, '');
  }
  return env.GITHUB_WORKFLOW || undefined;
}
