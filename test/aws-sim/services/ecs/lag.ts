import type { SimModes } from '../../modes.js';
import type { World } from '../../world.js';

/**
 * Eventual consistency (modes.consistencyWindowMs): for a while after a write, DescribeServices
 * answers what it would have answered before it. ECS documents that its reads are eventually
 * consistent; a client that trusts the answer right after UpdateService misreads the rollout.
 */
interface StaleView {
  /** The service as described before the write; null: it did not exist yet. */
  view: unknown;
  until: number;
}

const staleViews = (world: World) => world.stateOf('ecs.staleViews', () => new Map<string, StaleView>());

/** Called before a write to a service: keeps the view from before the first write of the window. */
export function beforeServiceWrite(world: World, arn: string, describeBefore: () => unknown): void {
  const window = world.modes.consistencyWindowMs;
  if (window <= 0) return;
  const views = staleViews(world);
  const current = views.get(arn);
  const now = Date.now();
  const view = current && current.until > now ? current.view : describeBefore();
  views.set(arn, { view: view === null ? null : structuredClone(view), until: now + window });
}

/** The lagging view of a service, if a write is still settling: `undefined` when reads are current. */
export function staleViewOf(world: World, arn: string, modes: SimModes): { view: unknown } | undefined {
  if (modes.consistencyWindowMs <= 0) return undefined;
  const stale = staleViews(world).get(arn);
  return stale && stale.until > Date.now() ? { view: stale.view } : undefined;
}

/** When a just-registered revision becomes visible as its family's latest. */
export const visibleFrom = (world: World): number | undefined =>
  world.modes.consistencyWindowMs > 0 ? Date.now() + world.modes.consistencyWindowMs : undefined;
