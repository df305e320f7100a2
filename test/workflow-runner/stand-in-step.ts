import { join } from 'node:path';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import { addMask, logLine } from './run-state.js';
import { processEnv } from './step-env.js';
import type { StepEnvironment, StepList } from './steps.js';
import type { ActionHandler, Conclusion, JobRuntime, StandInResult, StepResult } from './types.js';
import { createStepFiles } from './file-commands.js';

/** A third-party action replaced by an in-process handler (version ignored). */
export async function runStandIn(options: {
  list: StepList;
  raw: MappingToken;
  uses: string;
  environment: StepEnvironment;
  result: StepResult;
  name: string;
  handler: ActionHandler;
  inputs: Record<string, string>;
}): Promise<Conclusion> {
  const { list, result, environment } = options;
  const { scope } = list;
  const run = scope.frame.run;
  const env = processEnv({ scope, env: environment.env, github: environment.github, files: createStepFiles(scope.runnerTemp) });
  const job: JobRuntime = {
    path: scope.path,
    workspace: scope.workspace,
    runnerTemp: scope.runnerTemp,
    permissions: scope.granted,
    environment: scope.result.environment,
    oidcClaims: scope.oidcClaims,
    repository: String((environment.github as { repository?: string }).repository),
    artifactsDir: join(run.root, 'artifacts'),
    github: environment.github,
    options: run.options,
    record: (kind, detail) => scope.result.records.push({ kind, detail }),
  };
  const log = (line: string) => {
    result.log += logLine(run, list.label, line) + '\n';
  };
  const call = (phase: 'main' | 'post') =>
    Promise.resolve(options.handler({ inputs: options.inputs, env, job, uses: options.uses, log, phase }));
  let outcome: StandInResult;
  try {
    outcome = (await call('main')) ?? {};
  } catch (error) {
    log(`Error: ${(error as Error).message}`);
    return 'failure';
  }
  for (const secret of outcome.secrets ?? []) addMask(run, secret);
  Object.assign(result.outputs, outcome.outputs ?? {});
  Object.assign(scope.env, outcome.exportEnv ?? {});
  scope.paths.unshift(...(outcome.addPath ?? []));
  if (outcome.post) {
    scope.posts.push({
      name: `Post ${result.name}`,
      condition: 'always()',
      step: result,
      run: async () => {
        const before = result.log.length;
        try {
          const post = (await call('post')) ?? {};
          if (post.failure) log(`Error: ${post.failure}`);
          return { conclusion: post.failure ? 'failure' : 'success', log: result.log.slice(before) };
        } catch (error) {
          log(`Error: ${(error as Error).message}`);
          return { conclusion: 'failure', log: result.log.slice(before) };
        }
      },
    });
  }
  if (outcome.failure) {
    log(`Error: ${outcome.failure}`);
    return 'failure';
  }
  return 'success';
}
