import { formatDuration } from '../format.js';
import { serviceName } from './ecs-services.js';
import { findPreviews, type FoundPreview } from './find.js';
import { removeFound } from './remove.js';
import type { KeptPreview, PreviewDeps, RemovedPreview, SweepOptions } from './types.js';

export interface SweepResult {
  removed: RemovedPreview[];
  kept: KeptPreview[];
}

/**
 * Finds the repository's previews by tag and removes those whose pull request is closed (or
 * unknown to GitHub) and those older than the TTL. Without GitHub (no token), only age counts.
 */
export async function previewSweep(options: SweepOptions, deps: PreviewDeps): Promise<SweepResult> {
  const now = deps.now?.() ?? Date.now();
  const previews = await findPreviews(deps, options, { baseService: options.baseService });
  deps.logger.info(`Found ${previews.length} preview(s) of ${options.repository}`);
  const states = new Map<number, string>();
  const result: SweepResult = { removed: [], kept: [] };
  for (const preview of previews) {
    if (!states.has(preview.pr)) states.set(preview.pr, (await deps.github?.pullRequestState(preview.pr)) ?? 'open');
    const age = preview.createdAt ? now - preview.createdAt.getTime() : 0; // no creation time: never expires by age
    const reason = states.get(preview.pr) !== 'open' ? 'closed' : age > options.ttlMs ? 'expired' : undefined;
    if (!reason) {
      result.kept.push({ pr: preview.pr, service: nameOf(preview), age: formatDuration(age) });
      continue;
    }
    deps.logger.info(
      `#${preview.pr} ${preview.baseService}: ${reason === 'closed' ? 'pull request closed' : `created ${formatDuration(age)} ago`}: removing`,
    );
    result.removed.push(await removeFound(preview, options, deps, reason));
    await deps.github?.report({
      pr: preview.pr,
      baseService: preview.baseService,
      state: 'removed',
      detail: reason === 'closed' ? 'the pull request is closed (sweep)' : `older than ${formatDuration(options.ttlMs)} (sweep)`,
      at: new Date(now),
    });
  }
  return result;
}

const nameOf = (preview: FoundPreview) =>
  preview.services[0] ? serviceName(preview.services[0].service) : `${preview.baseService}-pr-${preview.pr}`;
