import { invalidSetting, SettingError } from '../inputs/setting-error.js';
import type { ContainerDefinition } from '../ecs/task-definition/model.js';

/**
 * Secrets for a container, from `NAME=valueFrom` lines. valueFrom may be a Secrets Manager
 * name, `name:json-key`, an SSM parameter name (`/path/name` or a bare name) or a full ARN of
 * either. Each is resolved to a full ARN and checked to exist, so a typo fails here and not at
 * task start. Only metadata is asked for: a secret's value is never read.
 */
export interface SecretCatalog {
  /** The ARN of the secret (name, ARN or partial ARN), or undefined when there is none. */
  secretArn(secretId: string): Promise<string | undefined>;
  /** name-or-ARN -> ARN, for the parameters that exist. */
  parameterArns(namesOrArns: string[]): Promise<Map<string, string>>;
}

export type SecretReference =
  | { kind: 'secretsmanager'; id: string; suffix: string; explicitArn: boolean }
  | { kind: 'ssm'; id: string }
  | { kind: 'either'; id: string };

/** What a valueFrom refers to, before asking AWS. Throws on ARNs of other services. */
export function parseSecretReference(valueFrom: string): SecretReference | string {
  if (valueFrom.startsWith('arn:')) {
    const parts = valueFrom.split(':');
    if (parts[2] === 'secretsmanager' && parts[5] === 'secret' && parts.length >= 7) {
      return { kind: 'secretsmanager', id: parts.slice(0, 7).join(':'), suffix: parts.slice(7).join(':'), explicitArn: true };
    }
    if (parts[2] === 'ssm' && parts.slice(5).join(':').startsWith('parameter/')) return { kind: 'ssm', id: valueFrom };
    return 'an ARN of a Secrets Manager secret or an SSM parameter';
  }
  if (valueFrom.startsWith('/')) return { kind: 'ssm', id: valueFrom };
  const colon = valueFrom.indexOf(':');
  if (colon > 0) {
    const key = valueFrom.slice(colon + 1);
    if (!key || key.includes(':')) return 'name:json-key with one key';
    return { kind: 'secretsmanager', id: valueFrom.slice(0, colon), suffix: `${key}::`, explicitArn: false };
  }
  return { kind: 'either', id: valueFrom };
}

export interface ResolvedSecret {
  name: string;
  valueFrom: string;
  /** Where it was found, for the log: "Secrets Manager" or "SSM Parameter Store". */
  store: string;
}

/**
 * Resolves every line of the `secrets` setting; all that cannot be found are reported together
 * (the action's input layer names its input).
 */
export async function resolveSecrets(lines: Array<[string, string]>, catalog: SecretCatalog, region: string): Promise<ResolvedSecret[]> {
  const parsed = lines.map(([name, valueFrom]) => {
    const reference = parseSecretReference(valueFrom);
    if (typeof reference === 'string') {
      throw invalidSetting('secrets', `${name}=${valueFrom}`, reference);
    }
    return { name, valueFrom, reference };
  });
  const ssmIds = parsed.filter((p) => p.reference.kind !== 'secretsmanager').map((p) => p.reference.id);
  const parameterArns = ssmIds.length ? await catalog.parameterArns([...new Set(ssmIds)]) : new Map<string, string>();
  const missing: string[] = [];
  const resolved: ResolvedSecret[] = [];
  for (const { name, valueFrom, reference } of parsed) {
    if (reference.kind !== 'ssm') {
      const arn = await catalog.secretArn(reference.id);
      if (arn) {
        const suffix = reference.kind === 'secretsmanager' ? reference.suffix : '';
        resolved.push({ name, valueFrom: suffix ? `${arn}:${suffix}` : arn, store: 'Secrets Manager' });
        continue;
      }
    }
    const parameterArn = reference.kind !== 'secretsmanager' ? parameterArns.get(reference.id) : undefined;
    if (parameterArn) {
      resolved.push({ name, valueFrom: parameterArn, store: 'SSM Parameter Store' });
      continue;
    }
    const where =
      reference.kind === 'secretsmanager'
        ? 'no Secrets Manager secret'
        : reference.kind === 'ssm'
          ? 'no SSM parameter'
          : 'no Secrets Manager secret or SSM parameter';
    missing.push(`${name}=${valueFrom} (${where} "${reference.id}")`);
  }
  if (missing.length) {
    throw new SettingError('secrets', (input) => `Input "${input}" names secrets that do not exist in ${region}: ${missing.join(', ')}.`);
  }
  return resolved;
}

/** Adds or replaces the container's secrets by name. */
export function applySecrets(container: ContainerDefinition, secrets: ResolvedSecret[]): void {
  if (!secrets.length) return;
  const list: Array<{ name: string; valueFrom: string }> = Array.isArray(container.secrets) ? [...container.secrets] : [];
  for (const { name, valueFrom } of secrets) {
    const at = list.findIndex((s) => s?.name === name);
    if (at >= 0) list[at] = { ...list[at], name, valueFrom };
    else list.push({ name, valueFrom });
  }
  container.secrets = list;
}
