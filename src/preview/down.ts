import { removePreview } from './remove.js';
import type { DownOptions, PreviewDeps, RemovedPreview } from './types.js';

/** Removes a pull request's preview(s); nothing left is fine (a second run, a preview never made). */
export async function previewDown(options: DownOptions, deps: PreviewDeps): Promise<RemovedPreview[]> {
  return removePreview(options, deps, 'down');
}
