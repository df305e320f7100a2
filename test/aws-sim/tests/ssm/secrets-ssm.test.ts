import {
  DescribeSecretCommand,
  ListSecretsCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, GetParameterCommand, GetParametersCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';
import { putSecret } from '../../services/secretsmanager/state.js';
import { setModes } from '../../control.js';
import { putParameter } from '../../services/ssm/state.js';

let sim: Simulator;
let sm: SecretsManagerClient;
let ssm: SSMClient;
beforeAll(async () => {
  sim = await startSimulator();
  sm = new SecretsManagerClient(simulatorClientConfig(sim));
  ssm = new SSMClient(simulatorClientConfig(sim));
});
afterAll(() => sim.stop());

test('secrets get an ARN with a 6-character suffix and are found by name, ARN or partial ARN; the value is never returned', async () => {
  const arn = putSecret(sim.world, { name: 'prod/db', value: 'hunter2' });
  expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[A-Za-z0-9]{6}$/);
  for (const id of ['prod/db', arn, arn.slice(0, -7)]) {
    const secret = await sm.send(new DescribeSecretCommand({ SecretId: id }));
    expect(secret.ARN).toBe(arn);
    expect(JSON.stringify(secret)).not.toContain('hunter2');
  }
  const missing = await sm.send(new DescribeSecretCommand({ SecretId: 'prod/dbb' })).catch((e) => e);
  expect(missing).toBeInstanceOf(ResourceNotFoundException);
  expect(missing.message).toBe("Secrets Manager can't find the specified secret.");
});

test('ListSecrets filters by name prefix', async () => {
  putSecret(sim.world, { name: 'prod/api', value: 'x' });
  putSecret(sim.world, { name: 'dev/api', value: 'y' });
  const list = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['prod/'] }] }));
  expect(list.SecretList?.map((s) => s.Name)).toEqual(['prod/api', 'prod/db']);
});

test('the secret control verb creates a secret over HTTP', async () => {
  const response = await fetch(`${sim.url}/_sim/secretsmanager/secret`, {
    method: 'POST',
    body: JSON.stringify({ name: 'via/http', value: 'v' }),
  });
  const { arn } = (await response.json()) as { arn: string };
  expect((await sm.send(new DescribeSecretCommand({ SecretId: 'via/http' }))).ARN).toBe(arn);
});

test('GetParameters by name or ARN lists the missing ones; GetParameter raises ParameterNotFound', async () => {
  const arn = putParameter(sim.world, { name: '/prod/token', value: 'tok', type: 'SecureString' });
  putParameter(sim.world, { name: 'plain', value: 'p' });
  expect(arn).toBe('arn:aws:ssm:us-east-1:123456789012:parameter/prod/token');
  const answer = await ssm.send(
    new GetParametersCommand({ Names: ['/prod/token', 'arn:aws:ssm:us-east-1:123456789012:parameter/plain', '/prod/missing'] }),
  );
  expect(answer.Parameters?.map((p) => p.ARN)).toEqual([arn, 'arn:aws:ssm:us-east-1:123456789012:parameter/plain']);
  expect(answer.Parameters?.[0].Value).not.toBe('tok'); // SecureString stays encrypted without WithDecryption
  expect(answer.InvalidParameters).toEqual(['/prod/missing']);
  const one = await ssm.send(new GetParameterCommand({ Name: '/prod/token', WithDecryption: true }));
  expect(one.Parameter?.Value).toBe('tok');
  await expect(ssm.send(new GetParameterCommand({ Name: '/nope' }))).rejects.toBeInstanceOf(ParameterNotFound);
});

test('DescribeParameters filters by name and answers metadata only', async () => {
  const arn = putParameter(sim.world, { name: '/meta/token', value: 'never-returned', type: 'SecureString' });
  putParameter(sim.world, { name: '/meta/other', value: 'x' });
  const answer = await ssm.send(
    new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/meta/token', '/meta/missing'] }] }),
  );
  expect(answer.Parameters).toEqual([expect.objectContaining({ Name: '/meta/token', ARN: arn, Type: 'SecureString' })]);
  expect(JSON.stringify(answer)).not.toContain('never-returned');
});

test('secrets and parameters live in one region: another region does not find them, by name or ARN', async () => {
  const secretArn = putSecret(sim.world, { name: 'eu/db', value: 'v', region: 'eu-west-1' });
  const parameterArn = putParameter(sim.world, { name: '/eu/token', value: 'v', region: 'eu-west-1' });
  const euSm = new SecretsManagerClient(simulatorClientConfig(sim, 'eu-west-1'));
  const euSsm = new SSMClient(simulatorClientConfig(sim, 'eu-west-1'));
  expect((await euSm.send(new DescribeSecretCommand({ SecretId: 'eu/db' }))).ARN).toBe(secretArn);
  await expect(sm.send(new DescribeSecretCommand({ SecretId: secretArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  const filter = { Key: 'Name', Option: 'Equals', Values: ['/eu/token'] };
  expect((await euSsm.send(new DescribeParametersCommand({ ParameterFilters: [filter] }))).Parameters?.map((p) => p.ARN)).toEqual([
    parameterArn,
  ]);
  expect((await ssm.send(new DescribeParametersCommand({ ParameterFilters: [filter] }))).Parameters).toEqual([]);
});

test('the omit-ARN mode answers DescribeParameters without ARN, as a third-party emulator does (ARN is optional in the API)', async () => {
  putParameter(sim.world, { name: '/mode/token', value: 'v' });
  setModes(sim.world, { omitParameterArn: true });
  try {
    const answer = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/mode/token'] }] }),
    );
    expect(answer.Parameters).toEqual([expect.objectContaining({ Name: '/mode/token' })]);
    expect(answer.Parameters?.[0].ARN).toBeUndefined();
  } finally {
    setModes(sim.world, { omitParameterArn: false });
  }
});
