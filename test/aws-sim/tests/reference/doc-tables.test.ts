import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { circuitBreakerThreshold } from '../../../../src/deploy/watch-state.js';
import { isFargateSize } from '../../../../src/taskdef/fargate.js';
import { startSimulator, type Simulator } from '../../server.js';
import { setScenario } from '../../services/ecs/scenarios.js';
import { SERVICES } from '../../services/index.js';

/**
 * Rules the code and the simulator share, each checked against a table transcribed from the AWS
 * documentation (fixtures/aws-reference/tables), never against each other.
 */

const TABLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'aws-reference', 'tables');
const table = (name: string) => JSON.parse(readFileSync(join(TABLES, name), 'utf8'));

interface SizeRow {
  cpu: number;
  memory?: number[];
  from?: number;
  to?: number;
  step?: number;
}

const sizes: Array<[number, number]> = (table('fargate-task-sizes.json').rows as SizeRow[]).flatMap((row) => {
  const memory = row.memory ?? Array.from({ length: (row.to! - row.from!) / row.step! + 1 }, (_, i) => row.from! + i * row.step!);
  return memory.map((m): [number, number] => [row.cpu, m]);
});
const documented = new Set(sizes.map(([cpu, memory]) => `${cpu}/${memory}`));
/** Sizes next to the documented ones: a step off, past the end, or another row's memory. */
const undocumented: Array<[number, number]> = [
  [256, 3072],
  [256, 256],
  [512, 512],
  [512, 5120],
  [1024, 1024],
  [1024, 9216],
  [2048, 3072],
  [2048, 17408],
  [4096, 7168],
  [4096, 31744],
  [8192, 18432],
  [8192, 65536],
  [16384, 36864],
  [16384, 131072],
  [128, 512],
  [32768, 65536],
].filter(([cpu, memory]) => !documented.has(`${cpu}/${memory}`)) as Array<[number, number]>;

const thresholds: Array<{ desiredCount: number; threshold: number }> = table('circuit-breaker-threshold.json').rows;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ harsh: false });
  await call('ecs.CreateCluster', { clusterName: 'tables' });
});
afterAll(() => sim.stop());

async function call(operation: string, input: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const [signingName, name] = operation.split('.');
  const service = SERVICES.find((s) => s.signingName === signingName)!;
  const response = await fetch(sim.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service.targetPrefix}.${name}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
}

const registerFargate = (cpu: number, memory: number) =>
  call('ecs.RegisterTaskDefinition', {
    family: 'sizes',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: String(cpu),
    memory: String(memory),
    containerDefinitions: [{ name: 'app', image: 'repo/app:1', essential: true }],
  });

describe('Fargate task sizes (documented table)', () => {
  test('the table has the seven documented cpu values', () => {
    expect([...new Set(sizes.map(([cpu]) => cpu))]).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(sizes).toHaveLength(74);
  });

  test('src/taskdef/fargate.ts accepts every documented size and none next to them', () => {
    expect(sizes.filter(([cpu, memory]) => !isFargateSize(cpu, memory))).toEqual([]);
    expect(undocumented.filter(([cpu, memory]) => isFargateSize(cpu, memory))).toEqual([]);
  });

  test('the simulator registers every documented size and refuses those next to them', async () => {
    const refused: string[] = [];
    for (const [cpu, memory] of sizes) if ((await registerFargate(cpu, memory)).status !== 200) refused.push(`${cpu}/${memory}`);
    expect(refused).toEqual([]);
    const accepted: string[] = [];
    for (const [cpu, memory] of undocumented) if ((await registerFargate(cpu, memory)).status === 200) accepted.push(`${cpu}/${memory}`);
    expect(accepted).toEqual([]);
  });
});

describe('circuit breaker threshold (documented rule)', () => {
  test('src/deploy/watch-state.ts follows it', () => {
    expect(thresholds.map((row) => ({ ...row, threshold: circuitBreakerThreshold(row.desiredCount) }))).toEqual(thresholds);
  });

  test("the simulator's service deployments report it", async () => {
    // Tasks that cannot be placed: a service of 1000 tasks costs nothing.
    setScenario(sim.world, { family: 'threshold', outcome: 'no-capacity' });
    const { body } = await call('ecs.RegisterTaskDefinition', {
      family: 'threshold',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'repo/app:1', essential: true }],
    });
    const reported = [];
    for (const { desiredCount } of thresholds) {
      const serviceName = `svc-${desiredCount}`;
      await call('ecs.CreateService', {
        cluster: 'tables',
        serviceName,
        taskDefinition: body.taskDefinition.taskDefinitionArn,
        desiredCount,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      });
      const listed = await call('ecs.ListServiceDeployments', { cluster: 'tables', service: serviceName });
      const described = await call('ecs.DescribeServiceDeployments', {
        serviceDeploymentArns: [listed.body.serviceDeployments[0].serviceDeploymentArn],
      });
      reported.push({ desiredCount, threshold: described.body.serviceDeployments[0].deploymentCircuitBreaker.threshold });
    }
    expect(reported).toEqual(thresholds);
  });
});
