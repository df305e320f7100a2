/** The typed request build-push works from: inputs already parsed and validated. */

export const BUILDER_CHOICES = ['auto', 'docker', 'buildah', 'podman'] as const;
export type BuilderChoice = (typeof BUILDER_CHOICES)[number];
export type Builder = Exclude<BuilderChoice, 'auto'>;

/** production images and cache, or a pull request's preview (own tag prefix and cache). */
export const PURPOSES = ['production', 'preview'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** How the docker builder ran: buildx, or the engine's own BuildKit (`docker build` + `docker push`) without it. */
export type DockerPath = 'buildx' | 'engine';

/** A build secret: its value (masked, passed through an environment variable) or a file. */
export interface BuildSecret {
  id: string;
  value?: string;
  file?: string;
}

export interface BuildRequest {
  /** ECR repository name, or a full image reference without tag. */
  repository: string;
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs: Array<[string, string]>;
  labels: Array<[string, string]>;
  secrets: BuildSecret[];
  platforms: string[];
  /** Tag names, primary (the skip check's tag) first. */
  tags: string[];
  builder: BuilderChoice;
  push: boolean;
  cache: boolean;
  /** Where the build cache lives; defaults to <repository>/build-cache (…/build-cache-preview for previews). */
  cacheRepository?: string;
  skipIfExists: boolean;
  provenance: boolean;
  purpose: Purpose;
  /** The commit being built: an existing image is reused only when its revision label names it. */
  revision?: string;
  /** The built-by label's value for this run (see trust.ts). */
  builtBy: string;
  /** Timestamps in the image (created, history, layer files where the engine supports it). */
  sourceDateEpoch?: number;
  /** --network for RUN steps (none: hermetic builds); default the engine's. */
  network?: string;
}

/** What build-push produced, the source of the action's outputs and summary. */
export interface BuildResult {
  builder?: Builder;
  dockerPath?: DockerPath;
  /** Repository URI (registry host and path, no tag). */
  repositoryUri: string;
  /** Reference with the primary tag. */
  image: string;
  digest?: string;
  /** repository@digest: the value to deploy. */
  imageUri?: string;
  tags: string[];
  skipped: boolean;
  /** Why an image already under the primary tag was not reused. */
  rebuiltBecause?: string;
  pushed: boolean;
  cache?: CacheReport;
  durationMs: number;
}

export interface CacheReport {
  steps: number;
  cached: number;
}
