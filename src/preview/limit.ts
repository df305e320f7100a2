import { ActionFailure } from '../errors.js';
import { serviceName } from './ecs-services.js';
import { isLive, type FoundPreview } from './find.js';

/**
 * At most `max` live previews per repository. Checked before anything is changed; updating a
 * preview that already runs never counts as one more.
 */
export function checkPreviewLimit(options: {
  previews: FoundPreview[];
  max: number;
  pr: number;
  baseService: string;
  repository: string;
}): void {
  const live = options.previews.filter(isLive);
  if (live.some((p) => p.pr === options.pr && p.baseService === options.baseService)) return;
  if (live.length < options.max) return;
  const names = live.map((p) => `#${p.pr} (${p.services.map((s) => serviceName(s.service)).join(', ')})`).join(', ');
  throw new ActionFailure(
    `${options.repository} already has ${live.length} live previews, the limit of live previews (${options.max}): ${names}. ` +
      `Close a pull request or remove a preview first; nothing was changed`,
  );
}
