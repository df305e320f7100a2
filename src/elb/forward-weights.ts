import type { Action, TargetGroupTuple } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ActionFailure } from '../errors.js';
import { shortTargetGroupName } from './target-groups.js';

/**
 * The split of a forward action between two target groups. Weights are written in percent (0 to
 * 100, inside ELBv2's 0 to 999), so what a person reads in the console is what the step printed.
 */

export interface ForwardPair {
  stableArn: string;
  canaryArn: string;
}

/** The weights a forward action gives the pair; a group the action does not name gets 0. */
export interface PairWeights {
  stable: number;
  canary: number;
}

/** The forward action of a list, or a failure naming what the list holds instead. */
export function forwardAction(actions: Action[]): Action {
  const forwards = actions.filter((action) => action.Type === 'forward');
  if (forwards.length === 1) return forwards[0];
  const types = actions.map((action) => action.Type).join(', ') || 'no actions';
  throw new ActionFailure(
    `The listener or rule has ${forwards.length ? 'several forward actions' : 'no forward action'} (${types}): there is no traffic to split.`,
  );
}

/** The target groups a forward action sends to, with their weights (a lone TargetGroupArn weighs 1). */
export function forwardGroups(action: Action): TargetGroupTuple[] {
  const groups = action.ForwardConfig?.TargetGroups ?? [];
  if (groups.length) return groups.map((group) => ({ TargetGroupArn: group.TargetGroupArn, Weight: group.Weight ?? 1 }));
  return action.TargetGroupArn ? [{ TargetGroupArn: action.TargetGroupArn, Weight: 1 }] : [];
}

/** The pair's weights in a list's forward action; fails when it forwards to any other group. */
export function pairWeights(actions: Action[], pair: ForwardPair): PairWeights {
  const groups = forwardGroups(forwardAction(actions));
  const other = groups.find((group) => group.TargetGroupArn !== pair.stableArn && group.TargetGroupArn !== pair.canaryArn);
  if (other && (other.Weight ?? 0) > 0) {
    throw new ActionFailure(
      `The forward action sends traffic to target group ${shortTargetGroupName(other.TargetGroupArn ?? '')}, which is neither the stable nor the canary group: nothing was changed.`,
    );
  }
  const weightOf = (arn: string) => groups.find((group) => group.TargetGroupArn === arn)?.Weight ?? 0;
  return { stable: weightOf(pair.stableArn), canary: weightOf(pair.canaryArn) };
}

/** The canary's share in percent (one decimal) of the pair's weights. */
export function canaryPercent(weights: PairWeights): number {
  const total = weights.stable + weights.canary;
  return total === 0 ? 0 : Math.round((weights.canary / total) * 1000) / 10;
}

/** The weights that give the canary `percent` of the traffic. */
export const weightsFor = (percent: number): PairWeights => ({ stable: 100 - percent, canary: percent });

/** Whether the list's forward action gives the pair exactly these weights, as two groups. */
export function holdsWeights(actions: Action[], pair: ForwardPair, weights: PairWeights): boolean {
  const groups = forwardGroups(forwardAction(actions));
  const now = pairWeights(actions, pair);
  return groups.length === 2 && now.stable === weights.stable && now.canary === weights.canary;
}

/**
 * The list with its forward action replaced by a two-group forward at these weights; every other
 * action, and the forward action's order and stickiness (unless `stickinessSeconds` is given),
 * stay as they were. TargetGroupArn is dropped: with ForwardConfig it may only name one group.
 */
export function withWeights(actions: Action[], pair: ForwardPair, weights: PairWeights, stickinessSeconds?: number): Action[] {
  const forward = forwardAction(actions);
  const stickiness =
    stickinessSeconds === undefined
      ? forward.ForwardConfig?.TargetGroupStickinessConfig
      : { Enabled: true, DurationSeconds: stickinessSeconds };
  const { TargetGroupArn: _single, ...rest } = forward;
  const rewritten: Action = {
    ...rest,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: pair.stableArn, Weight: weights.stable },
        { TargetGroupArn: pair.canaryArn, Weight: weights.canary },
      ],
      ...(stickiness ? { TargetGroupStickinessConfig: stickiness } : {}),
    },
  };
  return actions.map((action) => (action === forward ? rewritten : action));
}
