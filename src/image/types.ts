/** The typed request build-push works from: inputs already parsed and validated. */

export const BUILDER_CHOICES = ['auto', 'docker', 'buildah', 'podman'] as const;
export type BuilderChoice = (typeof BUILDER_CHOICES)[number];
export type Builder = Exclude<BuilderChoice, 'auto'>;

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
  /** Where the build cache lives; defaults to the image repository. */
  cacheRepository?: string;
  skipIfExists: boolean;
  provenance: boolean;
}

/** What build-push produced, the source of the action's outputs and summary. */
export interface BuildResult {
  builder?: Builder;
  /** Repository URI (registry host and path, no tag). */
  repositoryUri: string;
  /** Reference with the primary tag. */
  image: string;
  digest?: string;
  /** repository@digest: the value to deploy. */
  imageUri?: string;
  tags: string[];
  skipped: boolean;
  pushed: boolean;
  cache?: CacheReport;
  durationMs: number;
}

export interface CacheReport {
  steps: number;
  cached: number;
}
