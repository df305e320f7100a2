import type { CapacityProviderStrategyItem } from '@aws-sdk/client-ecs';
import { invalid } from './parse.js';

/**
 * A capacity provider strategy as `provider[:weight[:base]]` items separated by commas or lines
 * ("FARGATE_SPOT:3, FARGATE:1:1"), or as ECS's own JSON array
 * (`[{"capacityProvider":"FARGATE_SPOT","weight":1}]`). A provider without a weight gets 1.
 */
export function parseCapacityProviderStrategy(name: string, raw: string): CapacityProviderStrategyItem[] {
  const text = raw.trim();
  const expected = 'capacity providers as provider[:weight[:base]] items (FARGATE_SPOT:1, FARGATE:1:1) or a JSON array';
  const items = text.startsWith('[') ? fromJson(name, raw, expected) : fromItems(name, raw, expected);
  if (!items.length || items.length > 20 || !items.every(withinLimits)) throw invalid(name, raw, expected);
  if (items.filter((item) => item.base).length > 1) throw invalid(name, raw, 'at most one provider with a base');
  return items;
}

function fromItems(name: string, raw: string, expected: string): CapacityProviderStrategyItem[] {
  return raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const match = /^([A-Za-z0-9_-]{1,255})(?::(\d{1,4}))?(?::(\d{1,6}))?$/.exec(item);
      if (!match) throw invalid(name, raw, expected);
      const [, capacityProvider, weight, base] = match;
      return {
        capacityProvider,
        weight: weight === undefined ? 1 : Number(weight),
        ...(base !== undefined ? { base: Number(base) } : {}),
      };
    });
}

function fromJson(name: string, raw: string, expected: string): CapacityProviderStrategyItem[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid(name, raw, expected);
  }
  if (!Array.isArray(value)) throw invalid(name, raw, expected);
  return value.map((item) => {
    const { capacityProvider, weight, base } = (item ?? {}) as Record<string, unknown>;
    const ok =
      typeof capacityProvider === 'string' &&
      capacityProvider !== '' &&
      (weight === undefined || Number.isInteger(weight)) &&
      (base === undefined || Number.isInteger(base));
    if (!ok) throw invalid(name, raw, expected);
    return {
      capacityProvider: capacityProvider as string,
      weight: (weight as number | undefined) ?? 1,
      ...(base !== undefined ? { base: base as number } : {}),
    };
  });
}

/** ECS's limits: weight 0-1000, base 0-100000. */
function withinLimits(item: CapacityProviderStrategyItem): boolean {
  return (item.weight ?? 0) <= 1000 && (item.base ?? 0) <= 100000;
}
