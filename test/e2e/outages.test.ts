import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  type RegisterTaskDefinitionCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import { setFaults } from '../aws-sim/control.js';
import { simulatorClientConfig, simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { setScenario, setTimings, type Scenario } from '../aws-sim/services/ecs/scenarios.js';
import { clients, CLUSTER, createCluster, createService, taskDefinition, whenPrinted } from './deploy-service-fixtures.js';
import {
  awsWorld,
  createCluster as createWorldCluster,
  createLogGroup,
  fargateTaskDefinition,
  registerFamily,
} from '../fixtures/aws-world.js';
import { runAction, type RunOptions } from './run-action.js';

/**
 * AWS failing during a wait, as the runner sees it: run-migration rides out a window of 503s on
 * DescribeTasks as deploy-service does, and never stops a task it lost track of; a wait with AWS
 * unreachable ends after `unreachable-timeout` saying so, instead of at the timeout with stale
 * progress. AWS_MAX_ATTEMPTS=2 makes each failing call give up quickly, as a long outage would
 * after the SDK's ten attempts.
 */
const REGION = 'us-east-1';
const LOG_GROUP = '/ecs/outages';
const FEW_ATTEMPTS = { AWS_MAX_ATTEMPTS: '2' };

describe('run-migration during a DescribeTasks outage', () => {
  let sim: Simulator;
  let ecs: ECSClient;
  beforeAll(async () => {
    sim = await startSimulator();
    ecs = new ECSClient(simulatorClientConfig(sim, REGION));
    await createLogGroup(awsWorld(sim, REGION), LOG_GROUP);
  });
  afterAll(() => sim.stop());
  afterEach(() => setFaults(sim.world, {}));

  async function fixture(name: string, scenario: Omit<Scenario, 'family'>) {
    const cluster = `outage-${name}`;
    const family = `${cluster}-task`;
    const world = awsWorld(sim, REGION);
    await createWorldCluster(world, cluster);
    const document = fargateTaskDefinition({
      family,
      image: `repo/${family}:1`,
      container: { name: 'migrate' },
      logGroup: LOG_GROUP,
      streamPrefix: 'db',
      region: REGION,
    });
    await registerFamily(world, document);
    setScenario(sim.world, { family, ...scenario });
    return { cluster, inputs: { cluster, 'task-definition': family, subnets: 'subnet-0123abcd' } };
  }

  const run = (inputs: RunOptions['inputs'], options: RunOptions = {}) =>
    runAction('run-migration', { env: { ...simulatorEnv(sim, REGION), ...FEW_ATTEMPTS }, inputs, ...options });
  const calls = (operation: string) => sim.world.calls.get(`ecs.${operation}`) ?? 0;
  const describeTask = async (cluster: string, arn: string): Promise<Task> =>
    (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks![0];

  /** From "Started task", every DescribeTasks answers 503 for `ms`, then AWS is back. */
  function outageAfterStart(ms: number) {
    const outage = { injected: 0, timer: undefined as NodeJS.Timeout | undefined };
    const end = () => {
      clearTimeout(outage.timer);
      outage.injected += sim.world.faultTally.injected.serverError;
      setFaults(sim.world, {});
    };
    const onStart: RunOptions['onStart'] = (child) =>
      void whenPrinted(child, 'Started task').then(() => {
        setFaults(sim.world, { serverError: 1, operations: ['ecs.DescribeTasks'] });
        outage.timer = setTimeout(end, ms);
      });
    return { onStart, end, outage };
  }

  test('a migration outlives seconds of 503s on DescribeTasks and succeeds; the post step stops nothing', async () => {
    const { inputs, cluster } = await fixture('rides-out', {
      outcome: 'exit',
      exitCode: 0,
      afterMs: 1500,
      logs: ['migrating', 'migrated'],
    });
    const { onStart, outage } = outageAfterStart(3000);
    const result = await run({ ...inputs, 'unreachable-timeout': '1m' }, { onStart });

    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs['exit-code']).toBe('0');
    expect(outage.injected).toBeGreaterThan(3);
    // The outage is told in a few lines (start, back), not one per failed poll.
    const outageLines = result.stdout.split('\n').filter((line) => /AWS/.test(line));
    expect(outageLines).toEqual([
      expect.stringMatching(
        /^Task \w+: AWS is not answering \(\w+: Service is temporarily unavailable \(injected fault\)\); still waiting, for up to 1m$/,
      ),
      expect.stringMatching(/^Task \w+: AWS answers again after [\d.]+s$/),
    ]);
    const task = await describeTask(cluster, result.outputs['task-arn']);
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });

    const stops = calls('StopTask');
    const post = await run(inputs, { post: true, state: result.state });
    expect(post.code).toBe(0);
    expect(calls('StopTask')).toBe(stops);
  });

  test('AWS silent past unreachable-timeout: the step says it lost the task (ARN, log link) and nothing stops it', async () => {
    const { inputs, cluster } = await fixture('lost', { outcome: 'healthy', logs: ['migrating a long table'] });
    const stops = calls('StopTask');
    const { onStart, end } = outageAfterStart(60_000);
    const result = await run({ ...inputs, 'unreachable-timeout': '2s' }, { onStart });
    end();

    expect(result.code).toBe(1);
    const arn = result.outputs['task-arn'];
    expect(arn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/outage-lost\/\w+$/);
    // ECS's 5xx (ServerException; ServiceUnavailableException in older simulators).
    const error = result.errors[0]?.replace(/last error: \w+:/, 'last error: ServerException:');
    expect(result.errors).toHaveLength(1);
    expect(error).toBe(
      `migration: lost track of task ${arn}: AWS has not answered for 2s (last error: ServerException: Service is temporarily unavailable (injected fault)); ` +
        `the task was not stopped and may still be running; logs: ${result.outputs['log-url']}`,
    );
    expect(result.outputs['log-url']).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\//);
    expect(calls('StopTask')).toBe(stops);
    expect(await describeTask(cluster, arn)).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });

    const post = await run(inputs, { post: true, state: result.state });
    expect(post.code).toBe(0);
    expect(calls('StopTask')).toBe(stops);
    expect(await describeTask(cluster, arn)).toMatchObject({ desiredStatus: 'RUNNING' });
    await ecs.send(new StopTaskCommand({ cluster, task: arn }));
    expect((await ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'RUNNING' }))).taskArns).toEqual([]);
  });
});

test.each([
  ['run-migration', { cluster: 'prod', 'task-definition': 'shop-migrate:1', subnets: 'subnet-0123abcd' }],
  ['deploy-service', { cluster: 'prod', service: 'api', 'task-definition-arn': 'api:2' }],
])('%s refuses an unreachable-timeout under a second before any AWS call', async (action, inputs) => {
  const sim = await startSimulator();
  try {
    for (const value of ['0.5s', 'soon']) {
      const result = await runAction(action, { env: simulatorEnv(sim), inputs: { ...inputs, 'unreachable-timeout': value } });
      expect(result.code).toBe(1);
      expect(result.errors).toEqual([
        `Input "unreachable-timeout" has value "${value}": expected ${value === 'soon' ? 'a duration such as 90s, 10m or 1h30m' : 'a duration of at least 1s'}.`,
      ]);
    }
    expect(sim.world.callCounts()).toEqual({});
  } finally {
    await sim.stop();
  }
});

test('deploy-service with AWS unreachable mid-wait fails after unreachable-timeout, saying so', async () => {
  const sim = await startSimulator();
  let stopped = false;
  const stop = async () => {
    if (!stopped) await sim.stop();
    stopped = true;
  };
  try {
    await createCluster(sim);
    await createService(sim, { service: 'dark', image: 'repo/dark:1' });
    await clients(sim).ecs.send(
      new RegisterTaskDefinitionCommand(taskDefinition('dark', 'repo/dark:2') as RegisterTaskDefinitionCommandInput),
    );
    // The new tasks take a minute to start: the deploy is still waiting when AWS goes away.
    setTimings(sim.world, { provisioningMs: 60_000 });
    const result = await runAction('deploy-service', {
      env: { ...simulatorEnv(sim), ...FEW_ATTEMPTS },
      inputs: {
        cluster: CLUSTER,
        service: 'dark',
        'task-definition-arn': 'dark:2',
        'poll-interval': '250ms',
        timeout: '20s',
        'unreachable-timeout': '2s',
      },
      onStart: (child) => void whenPrinted(child, 'dark: deploying dark:2').then(stop),
    });

    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/^dark: AWS has not answered for 2s \(last error: .*ECONNREFUSED.*\); the deployment's outcome is unknown$/),
    ]);
    // One line when AWS went silent, then a reminder now and then (at most five per unreachable-timeout).
    const outageLines = result.stdout.split('\n').filter((line) => line.startsWith('dark: AWS'));
    expect(outageLines[0]).toMatch(/^dark: AWS is not answering \(.*ECONNREFUSED.*\); still waiting, for up to 2s$/);
    expect(outageLines.slice(1).length).toBeLessThanOrEqual(5);
    for (const line of outageLines.slice(1))
      expect(line).toMatch(/^dark: AWS has not answered for [\d.]+s \(last error: .*ECONNREFUSED.*\); still waiting$/);
    expect(result.stdout).not.toMatch(/did not complete within/);
    expect(JSON.parse(result.outputs.services)).toEqual([expect.objectContaining({ service: 'dark', result: 'failed' })]);
  } finally {
    await stop();
  }
});
