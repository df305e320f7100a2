import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAwsContext } from '../../src/aws/clients.js';
import { memoryLogger } from '../../src/logger.js';
import { awsSecretCatalog } from '../../src/taskdef/aws-catalog.js';
import { ecsTaskDefinitionLookup } from '../../src/taskdef/live.js';
import { emptyRenderOptions, type RenderOptions } from '../../src/taskdef/options.js';
import { renderTaskDefinition } from '../../src/taskdef/render.js';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { runAction } from './run-action.js';

/**
 * render-taskdef over every real task definition in ../shared/corpus/taskdefs: each file either
 * renders into a document the simulator's RegisterTaskDefinition accepts, differing from the
 * source only in what was asked (images, placeholder values) and in the documented clean-ups
 * (read-only fields and nulls dropped, numeric task cpu/memory written as strings), or fails with
 * one line naming the field and the reason. The core runs in-process for all 60 files; the bundle
 * runs for a few representative ones.
 */

const CORPUS = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'taskdefs');
const FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort();
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/corpus:1.0.0';
const READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

/**
 * Files expected to fail: the field the one-line error must name, why the file cannot register,
 * and what the simulator (standing in for ECS) says when the same document, with the same image
 * and values, is sent to RegisterTaskDefinition without the action: each failure is ECS's rule,
 * caught before registering, not a stricter rule of ours.
 */
const EXPECTED_FAILURES: Record<string, { error: RegExp; why: string; ecs: string }> = {
  '011-core-saida-middleware.json': {
    error: /containerDefinitions\[0\]\.portMappings\[0\]\.hostPort: must equal containerPort \(8000\) with networkMode awsvpc/,
    why: 'awsvpc with hostPort 80 for containerPort 8000: ECS rejects mismatched ports in awsvpc mode',
    ecs: 'ClientException: When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
  },
  '028-r-image-magic.json': {
    error: /cpu: "__TASK_CPU__" is not a task cpu.*memory: "__TASK_MEMORY__" is not a task memory/,
    why: '__X__ placeholders (another templating tool) left in task cpu/memory',
    ecs: "ClientException: Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
  },
  '012-php-nginx-ecs-docker.json': {
    error: /taskRoleArn: "<taskRoleArn>" is not an IAM role name or role ARN/,
    why: 'roles are unrendered <taskRoleArn> placeholders: ECS takes a role name or an IAM role ARN',
    ecs: 'ClientException: Role is not valid',
  },
  '020-ms-order.json': {
    error: /taskRoleArn: "arn:aws:iam::\$\{\{ secrets\.ACCOUNT \}\}:role\/ecs_task_role" is not an IAM role name or role ARN/,
    why: 'role ARNs hold an unrendered GitHub expression as the account ID',
    ecs: 'ClientException: Role is not valid',
  },
  '031-aws-xray-fargate.json': {
    error: /taskRoleArn: "<task_role_arn>" is not an IAM role name or role ARN/,
    why: 'roles are unrendered <task_role_arn> placeholders',
    ecs: 'ClientException: Role is not valid',
  },
  '033-amazon-ecs-firelens-examples-2.json': {
    error: /taskRoleArn: "arn:aws:iam::11111111111:role\/ecsTaskExecutionRole" is not an IAM role name or role ARN/,
    why: 'role ARNs with an 11-digit example account ID',
    ecs: 'ClientException: Role is not valid',
  },
  '043-polymarket-arb-scanner.json': {
    error: /taskRoleArn: "arn:aws:iam::ACCOUNT_ID:role\/ecsTaskRole" is not an IAM role name or role ARN/,
    why: 'role ARNs with ACCOUNT_ID in place of the account',
    ecs: 'ClientException: Role is not valid',
  },
  '036-banbury-cloud-backend.json': {
    error: /family: missing/,
    why: 'the empty generate-cli-skeleton: no family, empty cpu/memory, zero memory, empty names',
    ecs: 'ClientException: Family can not be blank.',
  },
  '039-Plan2Go.json': {
    error: /containerDefinitions\[0\]: needs "memory" or "memoryReservation"/,
    why: 'no task-level memory and containers without memory or memoryReservation',
    ecs: "ClientException: Invalid setting for container 'mongodb'. At least one of 'memory' or 'memoryReservation' must be specified.",
  },
  '051-zupa.json': {
    error: /family: "\{\{APP_NAME\}\}__production" has characters ECS rejects/,
    why: 'family is an unrendered {{APP_NAME}} template',
    ecs: 'ClientException: Family contains invalid characters.',
  },
  '054-ecs-on-fargate-infrastructure.json': {
    error: /containerDefinitions\[0\]\.portMappings\[0\]\.containerPort: expected a port number, got "3000"/,
    why: 'containerPort written as a string; the API takes an integer',
    ecs: 'SerializationException: STRING_VALUE cannot be converted to Integer',
  },
  '058-nuxt-aws-starter.json': {
    error: /family: "#\{codepipeline\.ApplicationName\}" has characters ECS rejects/,
    why: 'family and container name are an unrendered #{...} token',
    ecs: 'ClientException: Family contains invalid characters.',
  },
  '060-across-server.json': {
    error: /family: missing.*containerDefinitions\[0\]: needs "memory" or "memoryReservation"/,
    why: 'ecspresso template without family or any memory setting',
    ecs: 'ClientException: Family can not be blank.',
  },
};

const PLACEHOLDER_MARKERS = /<[^>]+>|\{\{|\$\{|__[A-Z]|#\{/;

interface Case {
  file: string;
  source: Record<string, any>;
  options: RenderOptions;
  /** container -> image the test asked for. */
  asked: Map<string, string>;
  vars: Map<string, string>;
}

/** The inputs a user would give this file: an image for each container lacking a real one, values for ${X}. */
function caseFor(file: string): Case {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  const raw = JSON.parse(text);
  const source = raw.taskDefinition && !raw.containerDefinitions ? { ...raw.taskDefinition } : raw;
  // describe-task-definition --include TAGS output: the tags beside the definition are its tags.
  if (source !== raw && raw.tags?.length && !source.tags) source.tags = raw.tags;
  const containers: any[] = source.containerDefinitions;
  const lacking = containers.filter((c) => typeof c.image !== 'string' || !c.image.trim() || PLACEHOLDER_MARKERS.test(c.image));
  const targets = lacking.length ? lacking : [containers[0]];
  const asked = new Map<string, string>(targets.map((c, i) => [String(c.name), i ? IMAGE.replace('corpus', `corpus-${i}`) : IMAGE]));
  // A value as a user would give it: an account ID for ${AWS_ACCOUNT_ID} (role ARNs must hold one).
  const valueOf = (name: string) => (/ACCOUNT/i.test(name) ? '123456789012' : `value-of-${name.toLowerCase().replace(/_/g, '-')}`);
  const vars = new Map([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g)].map((m) => [m[1], valueOf(m[1])]));
  const options: RenderOptions = {
    ...emptyRenderOptions('us-east-1'),
    template: join(CORPUS, file),
    vars: [...vars],
    ...(asked.size === 1 ? { image: [...asked.values()][0], container: [...asked.keys()][0] } : { images: [...asked] }),
  };
  return { file, source, options, asked, vars };
}

/** The source as the render should come out: read-only fields and nulls gone, asked changes made. */
function expectedDocument(c: Case): Record<string, any> {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (whole, esc, name) =>
        esc ? whole.slice(1) : (c.vars.get(name) ?? whole),
      );
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, fill(v)]),
      );
    }
    return value;
  };
  const expected = fill(structuredClone(c.source)) as Record<string, any>;
  for (const field of READ_ONLY) delete expected[field];
  for (const field of ['cpu', 'memory']) if (typeof expected[field] === 'number') expected[field] = String(expected[field]);
  for (const container of expected.containerDefinitions) {
    if (c.asked.has(container.name)) container.image = c.asked.get(container.name);
  }
  return expected;
}

/** Paths where two documents differ (field by field, so a dropped or added field shows by name). */
function differences(actual: unknown, expected: unknown, path = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: list differs`];
    return expected.flatMap((item, i) => differences(actual[i], item, `${path}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [`${path}: expected an object`];
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
    return [...keys].flatMap((k) => differences((actual as any)[k], (expected as any)[k], path ? `${path}.${k}` : k));
  }
  return actual === expected ? [] : [`${path}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`];
}

let sim: Simulator;
const savedEnv = { ...process.env };
beforeAll(async () => {
  sim = await startSimulator();
  Object.assign(process.env, simulatorEnv(sim));
});
afterAll(async () => {
  await sim.stop();
  process.env = savedEnv;
});

test('the corpus has the 60 files its README describes', () => {
  expect(FILES).toHaveLength(60);
});

describe.each(FILES)('%s', (file) => {
  test(
    EXPECTED_FAILURES[file] ? `fails: ${EXPECTED_FAILURES[file].why}` : 'renders and registers, changing only what was asked',
    async () => {
      const c = caseFor(file);
      const aws = createAwsContext({ action: 'corpus-test', region: 'us-east-1' });
      const logger = memoryLogger();
      const attempt = renderTaskDefinition(c.options, {
        taskDefinitions: ecsTaskDefinitionLookup(aws),
        secrets: awsSecretCatalog(aws),
        env: {},
        logger,
      });
      const expectedFailure = EXPECTED_FAILURES[file];
      if (expectedFailure) {
        const error: Error = await attempt.then(
          () => {
            throw new Error(`${file} rendered but was expected to fail: ${expectedFailure.why}`);
          },
          (e) => e,
        );
        expect(error.name).toBe('ConfigurationError');
        expect(error.message).toMatch(expectedFailure.error);
        expect(error.message).not.toContain('\n');
        // ECS refuses the same document, with the same image and values, sent without the action.
        const direct = await aws
          .client(ECSClient)
          .send(new RegisterTaskDefinitionCommand(expectedDocument(c) as any))
          .then(
            () => 'accepted',
            (e: Error) => `${e.name}: ${e.message}`,
          );
        expect(direct).toBe(expectedFailure.ecs);
        return;
      }
      const rendered = await attempt;
      expect(differences(rendered.document, expectedDocument(c))).toEqual([]);

      const registered = await aws.client(ECSClient).send(new RegisterTaskDefinitionCommand(rendered.document as any));
      expect(registered.taskDefinition?.family).toBe(rendered.family);
      for (const [container, image] of c.asked) {
        expect(registered.taskDefinition?.containerDefinitions?.find((d) => d.name === container)?.image).toBe(image);
      }
    },
  );
});

describe('the bundle on representative files', () => {
  const representative = [
    '001-amplify-genai-frontend.json', // describe output with Secrets Manager ARNs
    '002-ecs-opentelemetry.json', // wrapped {"taskDefinition": ...}
    '027-lgtm-cat-api.json', // two containers, ${AWS_ACCOUNT_ID} placeholders
    '055-GHATESTS.json', // task cpu/memory as numbers
    '036-banbury-cloud-backend.json', // expected failure: the empty CLI skeleton
  ];

  test.each(representative)('%s', async (file) => {
    const c = caseFor(file);
    const run = await runAction('render-taskdef', {
      // The corpus is the checkout: task definitions are read only inside the workspace.
      env: { ...simulatorEnv(sim), GITHUB_WORKSPACE: CORPUS },
      inputs: {
        'task-definition': c.options.template,
        image: c.options.image,
        container: c.options.container,
        images: c.options.images.map(([k, v]) => `${k}=${v}`).join('\n') || undefined,
        vars: c.options.vars.map(([k, v]) => `${k}=${v}`).join('\n') || undefined,
      },
    });
    const expectedFailure = EXPECTED_FAILURES[file];
    if (expectedFailure) {
      expect(run.code).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(expectedFailure.error);
      return;
    }
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const written = JSON.parse(readFileSync(run.outputs['task-definition'], 'utf8'));
    expect(differences(written, expectedDocument(c))).toEqual([]);
    expect(JSON.parse(run.outputs.images)).toMatchObject(Object.fromEntries(c.asked));
  });
});
