import type { World } from '../../world.js';

/** EventBridge rules (per region and event bus) and their targets, kept whole as PutTargets sent them. */
export interface RuleRecord {
  name: string;
  bus: string;
  region: string;
  arn: string;
  scheduleExpression?: string;
  eventPattern?: string;
  state: string;
  description?: string;
  targets: Map<string, Record<string, any>>;
}

export const eventsState = (world: World) => world.stateOf('events', () => ({ rules: new Map<string, RuleRecord>() }));

export const ruleKey = (region: string, bus: string, name: string) => `${region}|${bus}|${name}`;
