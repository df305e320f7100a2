import { canaryPercent, type ForwardPair, holdsWeights, pairWeights, weightsFor, withWeights } from '../../elb/forward-weights.js';
import { type ActionSite, type Elbv2, readSiteActions, type SiteActions, writeSiteActions } from '../../elb/listener-actions.js';
import type { TargetGroupRef } from '../../elb/target-groups.js';

/**
 * The traffic split of one listener or rule between the stable and the canary group: read as it
 * is in effect, and written as a two-group forward whose other actions stay as they were.
 */

export interface TrafficNow {
  /** The canary's share, in percent. */
  canary: number;
  /** Whether the forward action already names both groups (the canary's targets are health-checked). */
  split: boolean;
  site: SiteActions;
}

export interface AlbPair {
  stable: TargetGroupRef;
  canary: TargetGroupRef;
}

export const shares = (canary: number): Record<string, number> => ({ canary, stable: Math.round((100 - canary) * 10) / 10 });

export class AlbTraffic {
  private readonly arns: ForwardPair;

  constructor(
    private readonly elbv2: Elbv2,
    private readonly site: ActionSite,
    readonly pair: AlbPair,
    private readonly stickinessSeconds?: number,
  ) {
    this.arns = { stableArn: pair.stable.arn, canaryArn: pair.canary.arn };
  }

  async read(): Promise<TrafficNow> {
    const site = await readSiteActions(this.elbv2, this.site);
    const weights = pairWeights(site.actions, this.arns);
    const named = site.actions.find((action) => action.Type === 'forward')?.ForwardConfig?.TargetGroups ?? [];
    const split = [this.arns.stableArn, this.arns.canaryArn].every((arn) => named.some((group) => group.TargetGroupArn === arn));
    return { canary: canaryPercent(weights), split, site };
  }

  /** Writes the canary's share onto the list read last (every other action kept). */
  async write(percent: number, from: SiteActions): Promise<void> {
    await writeSiteActions(this.elbv2, from, withWeights(from.actions, this.arns, weightsFor(percent), this.stickinessSeconds));
  }

  /** Whether the load balancer applies `percent` now (ELBv2 answers the old list until it has). */
  async inEffect(percent: number): Promise<boolean> {
    const site = await readSiteActions(this.elbv2, this.site);
    return holdsWeights(site.actions, this.arns, weightsFor(percent));
  }
}
