import { createHash } from 'node:crypto';

/**
 * The names of a pull request's preview, derived from the base service, its cluster and the PR
 * number alone, so every run (up, a later push, down, the sweep) finds the same resources.
 * ECS names allow 255 characters; an ELB target group name at most 32 letters, digits and
 * hyphens (not starting or ending with a hyphen, not starting with "internal-"). A name that
 * does not fit is cut and given a hash of the whole, so two long names never meet.
 */
export interface PreviewNames {
  /** `<base-service>-pr-<n>` */
  service: string;
  /** `<family>-pr-<n>` */
  family: string;
  /** At most 32 characters; always carries a hash of cluster and base service (target group names are per account and region). */
  targetGroup: string;
  /** `pr-<n>.<domain>` */
  host: string;
  /** `preview/pr-<n>`: the GitHub deployment environment. */
  environment: string;
}

export const ECS_NAME_MAX = 255;
export const TARGET_GROUP_NAME_MAX = 32;

const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** `<name>-pr-<n>` within `max` characters: the name cut, with a hash of the whole, when it is too long. */
export function withPrSuffix(name: string, pr: number, max = ECS_NAME_MAX): string {
  const suffix = `-pr-${pr}`;
  if (name.length + suffix.length <= max) return `${name}${suffix}`;
  const tag = `-${hash(name, 8)}`;
  return `${name.slice(0, max - suffix.length - tag.length)}${tag}${suffix}`;
}

/** `<base>-pr-<n>-<hash6>`, the base cut and reduced to letters, digits and single hyphens. */
export function targetGroupName(options: { cluster: string; baseService: string; pr: number }): string {
  const tail = `-pr-${options.pr}-${hash(`${options.cluster}/${options.baseService}`, 6)}`;
  const room = TARGET_GROUP_NAME_MAX - tail.length;
  let base = options.baseService
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, room)
    .replace(/-+$/, '');
  if (/^internal-/i.test(`${base}${tail}`) || !base) base = `pv${base ? '-' + base : ''}`.slice(0, room).replace(/-+$/, '');
  return `${base}${tail}`;
}

export function previewNames(options: { cluster: string; baseService: string; family: string; pr: number; domain: string }): PreviewNames {
  return {
    service: withPrSuffix(options.baseService, options.pr),
    family: withPrSuffix(options.family, options.pr),
    targetGroup: targetGroupName(options),
    host: `pr-${options.pr}.${options.domain}`,
    environment: previewEnvironment(options.pr),
  };
}

export const previewEnvironment = (pr: number): string => `preview/pr-${pr}`;
