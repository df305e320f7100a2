import { pullRequestOfEvent } from '../../../src/preview/event.js';
import { isPreview, previewOf, previewTags, TAG } from '../../../src/preview/tags.js';
import { checkPreviewLimit } from '../../../src/preview/limit.js';
import type { FoundPreview } from '../../../src/preview/find.js';

const event = (head: unknown, base = 'acme/shop') => ({
  pull_request: { number: 5, head: { sha: 'a'.repeat(40), repo: head }, base: { repo: { full_name: base } } },
});

test.each([
  [{ full_name: 'acme/shop', fork: false }, false],
  [{ full_name: 'ACME/Shop', fork: false }, false],
  // A pull request inside a repository that is itself a fork of another: not from a fork.
  [{ full_name: 'acme/shop', fork: true }, false],
  [{ full_name: 'mallory/shop', fork: true }, true],
  // The fork was deleted: GitHub sends head.repo null.
  [null, true],
])('head repository %p: fork %p', (head, fork) => {
  expect(pullRequestOfEvent(event(head))).toMatchObject({ number: 5, headSha: 'a'.repeat(40), fork });
});

test('an event without a pull request has none', () => {
  expect(pullRequestOfEvent({ ref: 'refs/heads/main' })).toBeUndefined();
  expect(pullRequestOfEvent(undefined)).toBeUndefined();
});

const tags = previewTags({
  repository: 'acme/shop',
  pr: 7,
  baseService: 'api',
  headSha: 'b'.repeat(40),
  createdAt: new Date('2026-01-01T00:00:00Z'),
  family: 'api-pr-7',
});

test('a resource is this preview only when the marker, repository, PR (and base service when given) match', () => {
  expect(isPreview(tags, { repository: 'acme/shop', pr: 7, baseService: 'api' })).toBe(true);
  expect(isPreview(tags, { repository: 'Acme/Shop', pr: 7 })).toBe(true);
  expect(isPreview(tags, { repository: 'acme/shop', pr: 8 })).toBe(false);
  expect(isPreview(tags, { repository: 'acme/other', pr: 7 })).toBe(false);
  expect(isPreview(tags, { repository: 'acme/shop', pr: 7, baseService: 'web' })).toBe(false);
  expect(isPreview({ ...tags, [TAG.marker]: 'false' }, { repository: 'acme/shop', pr: 7 })).toBe(false);
  expect(isPreview(undefined, { repository: 'acme/shop', pr: 7 })).toBe(false);
  expect(previewOf(tags, 'acme/shop')).toMatchObject({
    pr: 7,
    baseService: 'api',
    family: 'api-pr-7',
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });
});

const preview = (pr: number, status = 'ACTIVE', baseService = 'api'): FoundPreview => ({
  pr,
  baseService,
  services: [{ service: { serviceName: `${baseService}-pr-${pr}`, status }, tags: {} }],
  rules: [],
  targetGroups: [],
});

test('the limit counts live previews, names them, and never refuses an update of a live one', () => {
  const previews = [preview(1), preview(2), preview(3, 'DRAINING')];
  expect(() => checkPreviewLimit({ previews, max: 2, pr: 4, baseService: 'api', repository: 'acme/shop' })).toThrow(
    'acme/shop already has 2 live previews, the limit of live previews (2): #1 (api-pr-1), #2 (api-pr-2). Close a pull request or remove a preview first; nothing was changed',
  );
  expect(() => checkPreviewLimit({ previews, max: 2, pr: 2, baseService: 'api', repository: 'acme/shop' })).not.toThrow();
  expect(() => checkPreviewLimit({ previews, max: 3, pr: 4, baseService: 'api', repository: 'acme/shop' })).not.toThrow();
  // Another base service of a live pull request is one more preview.
  expect(() => checkPreviewLimit({ previews, max: 2, pr: 2, baseService: 'web', repository: 'acme/shop' })).toThrow(/2 live previews/);
});
