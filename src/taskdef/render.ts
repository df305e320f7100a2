import { diffTaskDefinitions, type Change } from '../ecs/task-definition/diff.js';
import { containersOf, type TaskDefinition } from '../ecs/task-definition/model.js';
import { normalizeTaskDefinition } from '../ecs/task-definition/normalize.js';
import { checkTaskDefinitionKeys } from '../ecs/task-definition/schema.js';
import { SettingError } from '../inputs/setting-error.js';
import type { Logger } from '../logger.js';
import { targetContainer } from './containers.js';
import { findStartWarnings } from './ecs-rules.js';
import { findLeftoverPlaceholders } from './leftovers.js';
import type { TaskDefinitionLookup } from './live.js';
import { loadTemplate } from './load.js';
import { applyDefaultLogging } from './logging.js';
import type { RenderOptions } from './options.js';
import { applyContainerSettings, applyFamily, applyImages, applyTaskSettings } from './overrides.js';
import { renderContainerNames, substitutePlaceholders } from './placeholders.js';
import { applySecrets, resolveSecrets, type SecretCatalog } from './secrets.js';
import { readSettingFile } from './setting-file.js';
import { assertRegistrable } from './validate.js';

export interface RenderDependencies {
  taskDefinitions: TaskDefinitionLookup;
  secrets: SecretCatalog;
  /** Where vars-from-env reads placeholder values. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

export interface Rendered {
  document: TaskDefinition;
  family: string;
  /** Every container's image after rendering. */
  images: Record<string, string>;
  /** Against the family's live revision, when there is one. */
  live?: { arn?: string; changes: Change[] };
  warnings: string[];
}

/**
 * Renders a task definition: everything local first (template, images, placeholders,
 * environment, settings, ECS's checks), and only then AWS (secrets, the live revision), so a
 * mistake in the inputs or the template fails before any call.
 */
export async function renderTaskDefinition(options: RenderOptions, deps: RenderDependencies): Promise<Rendered> {
  const { logger } = deps;
  const source = options.template ? `Task definition "${options.template}"` : `Task definition family "${options.family}"`;
  const fetchedLive = options.template ? undefined : await fetchTemplate(options, deps);
  const template = options.template;
  const raw = template ? readSettingFile('template', template, (label) => loadTemplate(template, label)) : fetchedLive!;
  const { document: normalized, notes } = normalizeTaskDefinition(raw, source);
  const { document, dropped } = checkTaskDefinitionKeys(normalized, source);
  if (dropped.length) notes.push(`dropped ${dropped.join(', ')} (x- keys are not sent to ECS)`);
  for (const note of notes) logger.info(`${source}: ${note}`);

  const values = { vars: new Map(options.vars), env: options.varsFromEnv ? deps.env : undefined };
  applyFamily(document, options.family);
  // Images are set before the placeholders are filled, so a template's "${IMAGE}" needs no value
  // when the image input is given; container names ("${SERVICE}") are filled first so that
  // `container` and `images` name containers as they will be rendered.
  renderContainerNames(document, values);
  applyImages(document, options);
  const { value: substituted, used } = substitutePlaceholders(
    document,
    values,
    options.varsFromEnv
      ? 'Give them values in "vars".'
      : 'Give them values in "vars" (or set "vars-from-env: true" to read the environment).',
  );
  if (used.length) logger.info(`Placeholders filled: ${used.join(', ')}`);
  applyContainerSettings(substituted, options);
  applyTaskSettings(substituted, options);
  if (options.defaultLogging) {
    const changed = applyDefaultLogging(substituted, options.region);
    if (changed.length) logger.info(`awslogs logging added to ${changed.join(', ')} (group /ecs/${substituted.family})`);
  }
  const secretsTarget = options.secrets.length ? targetContainer(substituted, options.container, 'secrets') : undefined;
  // The secrets lines stand in for their ARNs while ECS's rules are checked (an execution role is
  // needed to read them); the resolved ARNs replace them by name below.
  if (secretsTarget)
    applySecrets(
      secretsTarget,
      options.secrets.map(([name, valueFrom]) => ({ name, valueFrom, store: '' })),
    );
  assertRegistrable(substituted, source);
  const warnings = [
    ...findLeftoverPlaceholders(substituted).map(
      ({ path, text }) => `${path} still holds "${text}", a placeholder this action does not fill; ECS will take it literally.`,
    ),
    ...findStartWarnings(substituted),
  ];
  for (const warning of warnings) logger.warning(warning);

  if (secretsTarget) {
    const resolved = await resolveSecrets(options.secrets, deps.secrets, options.region);
    for (const secret of resolved) logger.info(`Secret ${secret.name} -> ${secret.valueFrom} (${secret.store})`);
    applySecrets(secretsTarget, resolved);
    assertRegistrable(substituted, source); // ARNs are longer than the names they replace (the 64 KiB limit)
  }

  const family = String(substituted.family);
  const live = options.template || options.revision !== undefined ? await deps.taskDefinitions.describe(family) : fetchedLive;
  return {
    document: substituted,
    family,
    images: Object.fromEntries(containersOf(substituted).map((c) => [String(c.name), String(c.image)])),
    live: live ? { arn: live.taskDefinitionArn, changes: diffTaskDefinitions(live, substituted) } : undefined,
    warnings,
  };
}

async function fetchTemplate(options: RenderOptions, deps: RenderDependencies): Promise<TaskDefinition> {
  const family = options.family!;
  const found = await deps.taskDefinitions.describe(family, options.revision);
  if (!found) {
    const what =
      options.revision === undefined ? `no ACTIVE revision of family "${family}"` : `no revision ${options.revision} of family "${family}"`;
    throw new SettingError('family', (input) => `Input "${input}" has value "${family}": ${what} exists in ECS in ${options.region}.`);
  }
  deps.logger.info(`Starting from ${found.taskDefinitionArn ?? family}`);
  return found;
}
