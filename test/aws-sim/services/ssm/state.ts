import type { World } from '../../world.js';

/** SSM Parameter Store state. */
export interface ParameterRecord {
  name: string;
  arn: string;
  region: string;
  value: string;
  type: 'String' | 'StringList' | 'SecureString';
  version: number;
  lastModifiedDate: number;
}

export interface SsmState {
  /** Keyed by region and name: a parameter lives in one region, as in AWS. */
  parameters: Map<string, ParameterRecord>;
}

export const ssmState = (world: World): SsmState => world.stateOf('ssm', () => ({ parameters: new Map() }));

const key = (region: string, name: string) => `${region}|${name}`;

/** Creates or overwrites a parameter; returns its ARN. Names are stored with their leading "/". */
export function putParameter(
  world: World,
  parameter: { name: string; value: string; type?: ParameterRecord['type']; region?: string },
): string {
  const state = ssmState(world);
  const region = parameter.region ?? 'us-east-1';
  const existing = state.parameters.get(key(region, parameter.name));
  // A path-style name "/a/b" gives "parameter/a/b"; a plain name "x" gives "parameter/x".
  const arn = `arn:aws:ssm:${region}:${world.accountId}:parameter/${parameter.name.replace(/^\//, '')}`;
  state.parameters.set(key(region, parameter.name), {
    name: parameter.name,
    arn,
    region,
    value: parameter.value,
    type: parameter.type ?? 'String',
    version: (existing?.version ?? 0) + 1,
    lastModifiedDate: Date.now() / 1000,
  });
  return arn;
}

/** By name or by ARN, as GetParameters accepts either, among the parameters of the caller's region. */
export function findParameter(world: World, nameOrArn: string, region = 'us-east-1'): ParameterRecord | undefined {
  const state = ssmState(world);
  if (!nameOrArn.startsWith('arn:')) return state.parameters.get(key(region, nameOrArn));
  return parametersIn(world, region).find((p) => p.arn === nameOrArn);
}

export const parametersIn = (world: World, region: string): ParameterRecord[] =>
  [...ssmState(world).parameters.values()].filter((p) => p.region === region);
