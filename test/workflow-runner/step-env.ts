import { githubEnv } from './github-context.js';
import type { StepFiles } from './file-commands.js';
import type { JobScope } from './run-state.js';

/** Variables of the machine the runner passes on (never the test process's AWS_* or tokens). */
const HOST_VARIABLES = ['HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'USER', 'SHELL', 'TERM'];

/**
 * The environment of a step's process, in the runner's precedence: host basics, the test's extra
 * env, the job env (with GITHUB_ENV exports), the step env, then GITHUB_* / RUNNER_* which a
 * workflow cannot override, then the step's file-command paths.
 */
export function processEnv(options: {
  scope: JobScope;
  env: Record<string, string>;
  github: Record<string, unknown>;
  files: StepFiles;
  extra?: Record<string, string>;
}): Record<string, string> {
  const { scope } = options;
  const host = Object.fromEntries(HOST_VARIABLES.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
  const env: Record<string, string> = { ...host, ...(scope.frame.run.options.env ?? {}), ...options.env };
  const basePath = env.PATH ?? scope.frame.run.options.env?.PATH ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  env.PATH = [...scope.paths, basePath].join(':');
  return {
    ...env,
    ...scope.runnerEnv,
    ...githubEnv(options.github),
    RUNNER_ARCH: 'X64',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: scope.runnerTemp,
    RUNNER_TOOL_CACHE: `${scope.frame.run.root}/toolcache`,
    ...options.files,
    ...(options.extra ?? {}),
  };
}
