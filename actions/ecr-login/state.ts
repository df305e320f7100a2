import * as core from '../../src/github/runner.js';

/** Every key main saves for the post step (core.saveState writes GITHUB_STATE at once). */
const KEY = { dockerConfig: 'docker-config' } as const;

/** The job-private Docker config directory main wrote, for the post step to delete. */
export function saveDockerConfigDir(dir: string): void {
  core.saveState(KEY.dockerConfig, dir);
}

export function readDockerConfigDir(): string | undefined {
  return core.getState(KEY.dockerConfig) || undefined;
}
