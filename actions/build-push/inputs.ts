import * as core from '../../src/github/runner.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ecrRegistryHost } from '../../src/inputs/ecr-host.js';
import { creationTime, mergeLabels, ociLabels } from '../../src/image/labels.js';
import { BUILT_BY_LABEL, builtBy, WORKFLOW_LABEL, workflowOf } from '../../src/image/trust.js';
import { parseRepository } from '../../src/image/reference.js';
import { resolveTags } from '../../src/image/tags.js';
import { BUILDER_CHOICES, PURPOSES, type BuildRequest, type BuildSecret } from '../../src/image/types.js';
import {
  booleanInput,
  choiceInput,
  integerInput,
  keyValueInput,
  listInput,
  multilineInput,
  optionalInput,
  requiredInput,
} from '../../src/github/inputs.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { invalid, parseLines } from '../../src/inputs/parse.js';
import { resolveRegion } from '../../src/inputs/region.js';
import { withInputNames } from '../../src/inputs/setting-error.js';
import { workspacePath as insideWorkspace, workspacePathRule } from '../../src/inputs/workspace-path.js';

export interface BuildPushInputs {
  request: BuildRequest;
  /** Only needed when the repository is an ECR name (an ECR URI names its own region). */
  region?: string;
  /** The region whose STS assumes role-to-assume: undefined when the registry is not ECR (no AWS call). */
  credentialRegion?: string;
  credentials: CredentialInputs;
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Secret files may live outside the workspace (~/.npmrc): relative paths start from it. */
function secretFilePath(path: string, workspace: string): string {
  return isAbsolute(path) ? path : resolve(workspace, path);
}

/**
 * The commit checked out in the build context, which is not GITHUB_SHA when a workflow checks out
 * an older commit (a manual deploy): the default tag must name what is built. Undefined outside git.
 */
function checkedOutCommit(context: string): string | undefined {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: context, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/** The commit's time (committer date), for SOURCE_DATE_EPOCH. Undefined outside git. */
function commitTime(context: string): number | undefined {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: context, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /^\d+$/.test(out.trim()) ? Number(out.trim()) : undefined;
  } catch {
    return undefined;
  }
}

/** source-date-epoch, else SOURCE_DATE_EPOCH, else the checked-out commit's time, else the pushed commit's. */
function sourceDateEpoch(context: string, event: { head_commit?: { timestamp?: string } }): number | undefined {
  const input = integerInput('source-date-epoch', { min: 0 });
  if (input !== undefined) return input;
  const env = process.env.SOURCE_DATE_EPOCH;
  if (env && /^\d+$/.test(env)) return Number(env);
  const fromGit = commitTime(context);
  if (fromGit !== undefined) return fromGit;
  const pushed = event.head_commit?.timestamp ? Date.parse(event.head_commit.timestamp) : NaN;
  return Number.isNaN(pushed) ? undefined : Math.floor(pushed / 1000);
}

const NETWORKS = ['none', 'host'];

function readEvent(): { head_commit?: { timestamp?: string } } {
  try {
    return process.env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8')) : {};
  } catch {
    return {};
  }
}

function secrets(workspace: string): BuildSecret[] {
  // Parsed here rather than by parseKeyValueLines: an error message must not quote the value.
  const values = parseLines(multilineInput('secrets') ?? '').map((line): BuildSecret => {
    const at = line.indexOf('=');
    const id = at > 0 ? line.slice(0, at).trim() : '';
    const value = at > 0 ? line.slice(at + 1).trim() : '';
    // Masked before anything could print it: the builder's output is streamed to the log.
    if (value) core.setSecret(value);
    else if (at <= 0) core.setSecret(line);
    if (!SECRET_ID.test(id))
      throw invalid('secrets', id ? `${id}=***` : '***', 'id=value lines (ids of letters, digits, "_", "." and "-")');
    return { id, value };
  });
  const files = keyValueInput('secret-files').map(([id, path]): BuildSecret => {
    if (!SECRET_ID.test(id)) throw invalid('secret-files', `${id}=${path}`, 'id=path lines');
    const file = secretFilePath(path, workspace);
    if (!existsSync(file)) throw invalid('secret-files', `${id}=${path}`, 'id=path lines naming existing files');
    return { id, file };
  });
  const ids = [...values, ...files].map((s) => s.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw invalid('secret-files', duplicate, 'secret ids not already used in "secrets"');
  return [...values, ...files];
}

/** The input that carries each setting the core may find wrong once it looks (see SettingError). */
export const BUILD_PUSH_INPUTS = { builder: 'builder', platforms: 'platforms', tags: 'tags', tagBranch: 'tag-branch' } as const;

/** Every input of build-push, read and validated before anything touches AWS or a builder. */
export function readInputs(): BuildPushInputs {
  const repository = requiredInput('repository');
  const { host } = parseRepository(repository);
  // The context and the Dockerfile are read only inside the workspace or RUNNER_TEMP (symlinks resolved).
  const paths = workspacePathRule(process.env, booleanInput('allow-paths-outside-workspace', false));
  const context = insideWorkspace('context', optionalInput('context') ?? '.', paths);
  if (!existsSync(context) || !statSync(context).isDirectory()) throw invalid('context', optionalInput('context') ?? '.', 'a directory');
  const dockerfileInput = optionalInput('dockerfile');
  const dockerfile = insideWorkspace('dockerfile', dockerfileInput ?? join(context, 'Dockerfile'), paths);
  if (!existsSync(dockerfile)) throw invalid('dockerfile', dockerfileInput ?? join(context, 'Dockerfile'), 'an existing Dockerfile');

  const platforms = listInput('platforms');
  for (const platform of platforms)
    if (!PLATFORM.test(platform)) throw invalid('platforms', platform, 'platforms such as linux/amd64 or linux/arm64');
  const builder = choiceInput('builder', BUILDER_CHOICES, 'auto');
  if ((builder === 'buildah' || builder === 'podman') && platforms.length > 1) {
    throw invalid(
      'platforms',
      platforms.join(','),
      `one platform: ${builder} builds one per run here; use builder "docker" for multi-platform images`,
    );
  }
  const buildArgs = keyValueInput('build-args');
  for (const [name, value] of buildArgs) if (!BUILD_ARG.test(name)) throw invalid('build-args', `${name}=${value}`, 'NAME=value lines');

  const purpose = choiceInput('purpose', PURPOSES, 'production');
  const tagPrefix = optionalInput('tag-prefix') ?? (purpose === 'preview' ? 'preview-' : '');
  if (tagPrefix && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(tagPrefix))
    throw invalid('tag-prefix', tagPrefix, 'up to 64 letters, digits, "_", "." and "-", not starting with "." or "-"');
  const revision = checkedOutCommit(context) ?? process.env.GITHUB_SHA;
  const network = optionalInput('network');
  if (network !== undefined && !NETWORKS.includes(network)) throw invalid('network', network, 'none or host');
  const tagOptions = {
    explicit: listInput('tags'),
    sha: revision,
    branch: process.env.GITHUB_HEAD_REF || process.env.GITHUB_REF_NAME,
    tagBranch: booleanInput('tag-branch', false),
    tagLatest: booleanInput('tag-latest', false),
  };
  const tags = withInputNames(BUILD_PUSH_INPUTS, () => resolveTags(tagOptions)).map((tag) => `${tagPrefix}${tag}`.slice(0, 128));
  const cacheRepository = optionalInput('cache-repository');
  if (cacheRepository !== undefined) {
    const cacheTarget = parseRepository(cacheRepository, 'cache-repository');
    if (!cacheTarget.host) throw invalid('cache-repository', cacheRepository, 'a full repository URI (registry host and path)');
  }
  const event = readEvent();
  const epoch = sourceDateEpoch(context, event);
  const built = builtBy({ repository: process.env.GITHUB_REPOSITORY, purpose });
  const workflow = workflowOf(process.env);
  const created = epoch === undefined ? creationTime(process.env, event, new Date()) : new Date(epoch * 1000);
  // The revision is the commit checked out in the context, as for the default tag.
  const generated = ociLabels({ ...process.env, GITHUB_SHA: revision }, created);
  const ours: Array<[string, string]> = [[BUILT_BY_LABEL, built], ...(workflow ? [[WORKFLOW_LABEL, workflow] as [string, string]] : [])];
  const labels = mergeLabels([...generated, ...ours], keyValueInput('labels'));
  // A registry host carries its own region; an explicit aws-region is still checked.
  const explicitRegion = optionalInput('aws-region');
  const region = host && explicitRegion === undefined ? undefined : resolveRegion(explicitRegion);
  return {
    region,
    credentialRegion: host ? ecrRegistryHost(host)?.region : region,
    credentials: credentialInputs('ecs-ship-build-push'),
    request: {
      repository,
      context,
      dockerfile,
      target: optionalInput('target'),
      buildArgs,
      labels,
      secrets: secrets(paths.workspace),
      platforms,
      tags,
      builder,
      push: booleanInput('push', true),
      cache: booleanInput('cache', true),
      cacheRepository,
      skipIfExists: booleanInput('skip-if-exists', true),
      provenance: booleanInput('provenance', false),
      purpose,
      revision,
      builtBy: built,
      sourceDateEpoch: epoch,
      network,
    },
  };
}
