import { escapeHtml, formatDuration, htmlCode as code } from '../format.js';
import type { BuildResult } from './types.js';

/** The job summary section for a build-push run: what a person checks after the step. */
export function buildSummary(result: BuildResult): { heading: string; table: { header: string[]; rows: string[][] } } {
  const outcome = result.skipped
    ? 'skipped: the image for this commit already exists'
    : !result.pushed && result.digest
      ? `built with ${builderName(result)}; every tag already pointed at this digest`
      : result.pushed
        ? `built with ${builderName(result)} and pushed`
        : `built with ${builderName(result)} (not pushed)`;
  // Table cells are HTML in the job summary: markdown backticks would show as they are.
  const rows: string[][] = [
    ['Image', code(result.image)],
    ['Digest', result.digest ? code(result.digest) : 'none (not pushed)'],
    ['Image URI (deploy this)', result.imageUri ? code(result.imageUri) : 'none'],
    ['Tags', result.tags.map(code).join(', ')],
    ['Result', outcome],
  ];
  if (result.rebuiltBecause) rows.push(['Existing image not reused', escapeHtml(result.rebuiltBecause)]);
  if (result.cache) rows.push(['Layer cache', `${result.cache.cached} of ${result.cache.steps} steps from cache`]);
  rows.push(['Duration', formatDuration(result.durationMs)]);
  return { heading: result.skipped ? 'build-push: image already exists' : 'build-push', table: { header: ['Build', 'Value'], rows } };
}

function builderName(result: BuildResult): string {
  if (result.dockerPath === 'engine') return 'docker (engine BuildKit, no buildx)';
  return result.builder ?? 'unknown';
}
