import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ActionHandler, StandInStep } from '../types.js';

/** actions/upload-artifact and download-artifact over a directory of the run. */
const resolvePath = (step: StandInStep, path: string) => (isAbsolute(path) ? path : join(step.job.workspace, path));

export const uploadArtifact: ActionHandler = (step) => {
  const name = step.inputs.name || 'artifact';
  const target = join(step.job.artifactsDir, name);
  if (existsSync(target) && step.inputs.overwrite !== 'true') {
    return {
      failure: `Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run`,
    };
  }
  const paths = (step.inputs.path ?? '')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const found = paths.filter((p) => existsSync(resolvePath(step, p)));
  if (found.length === 0) {
    const behaviour = step.inputs['if-no-files-found'] || 'warn';
    const message = `No files were found with the provided path: ${paths.join(', ')}. No artifacts will be uploaded.`;
    if (behaviour === 'error') return { failure: message };
    step.log(message);
    return {};
  }
  mkdirSync(target, { recursive: true });
  for (const path of found) {
    const source = resolvePath(step, path);
    cpSync(source, found.length === 1 ? target : join(target, path), { recursive: true });
  }
  step.log(`Artifact ${name} uploaded`);
  step.job.record('upload-artifact', { name, paths: found });
  return { outputs: { 'artifact-id': name, 'artifact-url': `file://${target}` } };
};

const globToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

/** `name`: that artifact into `path`; else every artifact (or those matching `pattern`) into `path/<name>`, or all into `path` with `merge-multiple`. */
export const downloadArtifact: ActionHandler = (step) => {
  const dest = resolvePath(step, step.inputs.path || '.');
  const available = existsSync(step.job.artifactsDir) ? readdirSync(step.job.artifactsDir) : [];
  const pattern = step.inputs.pattern ? globToRegExp(step.inputs.pattern) : undefined;
  const names = step.inputs.name ? [step.inputs.name] : available.filter((name) => !pattern || pattern.test(name));
  const merge = step.inputs.name !== undefined && step.inputs.name !== '' ? true : step.inputs['merge-multiple'] === 'true';
  for (const name of names) {
    const source = join(step.job.artifactsDir, name);
    if (!existsSync(source)) return { failure: `Unable to download artifact(s): Artifact not found for name: ${name}` };
    cpSync(source, merge ? dest : join(dest, name), { recursive: true });
  }
  step.log(`Downloaded ${names.length} artifact(s) to ${dest}`);
  step.job.record('download-artifact', { names, path: dest });
  return { outputs: { 'download-path': dest } };
};
