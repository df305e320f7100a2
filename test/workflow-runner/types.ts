import type { RepositorySource } from './repositories.js';

/** What the test asks the runner to do. See README.md. */
export interface RunOptions {
  /** Path of the workflow file inside the repository (e.g. `.github/workflows/deploy.yml`). */
  workflow: string;
  /** The repository the run belongs to: its name and where its files are. */
  repository: { name: string; source: RepositorySource; defaultBranch?: string };
  /** The event that triggers the run. */
  event: RunEvent;
  /** Other repositories `uses:` may name (the toolkit: `{ 'ecs-ship/ecs-ship': { dir: ROOT } }`). */
  repositories?: Record<string, RepositorySource>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** Deployment environments: approval, and their own secrets and vars. Unlisted ones are approved. */
  environments?: Record<string, EnvironmentSettings>;
  /** Stand-ins for third-party actions by `owner/name` (version ignored), added to the defaults. */
  actions?: Record<string, ActionHandler>;
  /** Extra variables every step sees (e.g. the simulator's AWS_ENDPOINT_URL, PATH). */
  env?: Record<string, string>;
  /** The AWS simulator, for configure-aws-credentials and OIDC tokens. */
  aws?: { url: string; world: unknown };
  /** The GitHub REST stand-in: GITHUB_API_URL and the token's permissions come from it. */
  github?: GitHubEndpoint;
  /**
   * Stand-ins for service containers, by image (`postgres:16`), image without tag (`postgres`) or
   * its last path segment. A job whose service has no stand-in fails, as a job whose service cannot
   * start does; a service whose image evaluates to '' is not started, as on GitHub.
   */
  services?: Record<string, ServiceHandler>;
  /**
   * The repository's default GITHUB_TOKEN permissions for jobs that set none: 'restricted'
   * (contents and packages read; GitHub's default for new repositories) or 'permissive'.
   */
  defaultPermissions?: 'restricted' | 'permissive';
  /** Milliseconds one `timeout-minutes` minute lasts (default 60000). */
  minuteMs?: number;
  /** Print every log line as it happens (debugging a test). */
  echo?: boolean;
  /** Role trust policies the configure-aws-credentials stand-in enforces: ARN -> claim patterns (`*` wildcard). */
  trust?: Record<string, Record<string, string>>;
}

export type RunEvent =
  | { name: 'push'; ref?: string; sha?: string; payload?: Record<string, unknown> }
  | { name: 'pull_request'; ref?: string; sha?: string; payload: Record<string, unknown> }
  | {
      name: 'workflow_dispatch';
      ref?: string;
      sha?: string;
      inputs?: Record<string, string | boolean | number>;
      payload?: Record<string, unknown>;
    }
  | { name: 'schedule'; ref?: string; sha?: string; schedule?: string; payload?: Record<string, unknown> }
  | { name: string; ref?: string; sha?: string; payload?: Record<string, unknown>; inputs?: Record<string, string | boolean | number> };

export interface EnvironmentSettings {
  /** false: the required reviewer rejects the deployment (the job fails without running). */
  approve?: boolean;
  /** Deployment branch rules: patterns (`main`, `release/*`) the run's branch must match; unset = any. */
  branches?: string[];
  /** Deployment tag rules, likewise for runs on a tag. */
  tags?: string[];
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
}

export interface GitHubEndpoint {
  url: string;
  /** A token for a job with these permissions (the stand-in checks it on every request). */
  issueToken(grant: TokenGrant): string;
  /** OIDC endpoint env for a job with `id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN). */
  oidcEnv?(claims: Record<string, string>): Record<string, string>;
  /** Each job is a check run on the run's commit: pending while it runs, then its result. */
  setCheck?(sha: string, name: string, state: 'pending' | 'success' | 'failure' | 'skipped' | 'cancelled'): void;
  /** Lets it answer compare/branches from the run's fixture repository (called for a `{ git }` source). */
  addRepository?(name: string, git: string, defaultBranch?: string): void;
}

export interface TokenGrant {
  repository: string;
  permissions: Permissions;
  job: string;
}

/** Evaluated `permissions:`: scope -> read|write|none, or 'read-all'/'write-all'; undefined when not set. */
export type Permissions = Record<string, string> | 'read-all' | 'write-all' | undefined;

export interface ServiceSpec {
  id: string;
  image: string;
  env: Record<string, string>;
  /** As written: `5432:5432`, `5432`. */
  ports: string[];
  options?: string;
  job: string;
}

/** Starts a service for a job; `ports` maps container ports to host ports (job.services.<id>.ports). */
export type ServiceHandler = (
  service: ServiceSpec,
) =>
  | Promise<{ ports?: Record<string, string>; stop?(): Promise<void> | void }>
  | { ports?: Record<string, string>; stop?(): Promise<void> | void };

/** A stand-in for a third-party action. Runs in-process; returns outputs and exported env. */
export type ActionHandler = (step: StandInStep) => Promise<StandInResult | void> | StandInResult | void;

export interface StandInStep {
  /** `with:` values, after defaults the handler applies itself. */
  inputs: Record<string, string>;
  /** The step's full environment (job env, GITHUB_*, RUNNER_TEMP...). */
  env: Record<string, string>;
  job: JobRuntime;
  uses: string;
  log(line: string): void;
  /** Whether this is the post phase (handlers with `post: true` are called again at job end). */
  phase: 'main' | 'post';
}

export interface StandInResult {
  outputs?: Record<string, string>;
  /** Variables exported to later steps, as GITHUB_ENV does. */
  exportEnv?: Record<string, string>;
  /** Paths prepended to PATH for later steps. */
  addPath?: string[];
  /** Values masked in logs. */
  secrets?: string[];
  /** Fails the step with this message. */
  failure?: string;
  /** Run this handler again at job end (phase 'post'). */
  post?: boolean;
}

/** What a stand-in can know of the job it runs in. */
export interface JobRuntime {
  /** Display path of the job: `deploy`, `deploy / migrate`, `build (api)`. */
  path: string;
  workspace: string;
  runnerTemp: string;
  permissions: Permissions;
  environment?: { name: string; url?: string };
  /** Claims of this job's OIDC token (sub, job_workflow_ref, environment...). */
  oidcClaims: Record<string, string>;
  repository: string;
  /** The run's artifact store (upload-artifact / download-artifact stand-ins). */
  artifactsDir: string;
  /** The github context of the step. */
  github: Record<string, unknown>;
  options: RunOptions;
  /** Records a call the stand-in made (e.g. an AssumeRoleWithWebIdentity). */
  record(kind: string, detail: Record<string, unknown>): void;
}

export type Conclusion = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepResult {
  id: string;
  name: string;
  /** `uses:` value or `run` for run steps. */
  uses?: string;
  run?: string;
  /** outcome before continue-on-error; conclusion after. */
  outcome: Conclusion;
  conclusion: Conclusion;
  outputs: Record<string, string>;
  log: string;
  exitCode?: number | null;
  /** Steps of a composite action. */
  steps?: StepResult[];
  /** Pre phase of an action (run when the job started), if it had one. */
  pre?: { conclusion: Conclusion; log: string };
  /** Post phase of an action, if it had one. */
  post?: { conclusion: Conclusion; log: string };
}

export interface JobResult {
  /** Job id in its workflow. */
  id: string;
  /** `deploy`, `deploy / migrate` (called workflow), `test (2)` (matrix leg). */
  path: string;
  name: string;
  result: Conclusion;
  outputs: Record<string, string>;
  /** Workflow + job env as evaluated. */
  env: Record<string, string>;
  permissions: Permissions;
  environment?: { name: string; url?: string };
  concurrency?: { group: string; cancelInProgress: boolean };
  timeoutMinutes: number;
  runsOn?: unknown;
  /** Service containers as evaluated (those with an image). */
  services?: Record<string, ServiceSpec>;
  matrix?: Record<string, unknown>;
  steps: StepResult[];
  /** Job summary (GITHUB_STEP_SUMMARY of every step, concatenated). */
  summary: string;
  /** Every ::error/::warning/::notice annotation. */
  annotations: string[];
  /** Why it ended as it did, when it did not run its steps (rejected, not approved, skipped...). */
  reason?: string;
  /** Workflow file and ref this job came from (job.workflow_ref). */
  workflowRef: string;
  workflowSha: string;
  /** Records made by stand-ins (assumed roles...). */
  records: { kind: string; detail: Record<string, unknown> }[];
  /** For a reusable-workflow call: the called workflow's jobs. */
  called?: RunResult;
  /** For a matrix: each leg (this entry aggregates them). */
  legs?: JobResult[];
}

export interface RunResult {
  conclusion: Conclusion;
  /** Every job that ran or was skipped, in the order they were decided, nested calls flattened. */
  jobs: JobResult[];
  /** Outputs of a called workflow (on.workflow_call.outputs). */
  outputs: Record<string, string>;
  /** Workflow-level concurrency and permissions as evaluated. */
  concurrency?: { group: string; cancelInProgress: boolean };
  permissions: Permissions;
  /** Finds a job by path (`deploy / migrate`) or id; throws with the known paths if absent. */
  job(path: string): JobResult;
  /** Every log line of every step, in order (for "never printed" checks). */
  log: string;
}
