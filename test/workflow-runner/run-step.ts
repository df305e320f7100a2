import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import { asString, evaluateToken } from './expressions.js';
import { field } from './load.js';
import { processEnv } from './step-env.js';
import { runStepProcess } from './step-effects.js';
import { stepTimeoutMs, type StepEnvironment, type StepList } from './steps.js';
import type { Conclusion, StepResult } from './types.js';

/** Shells as the runner spells them on Linux (`shell:` unset means `bash -e {0}`). */
const SHELLS: Record<string, { template: string; extension: string }> = {
  bash: { template: 'bash --noprofile --norc -eo pipefail {0}', extension: '.sh' },
  sh: { template: 'sh -e {0}', extension: '.sh' },
  python: { template: 'python {0}', extension: '.py' },
  pwsh: { template: 'pwsh -command ". \'{0}\'"', extension: '.ps1' },
};
const DEFAULT_SHELL = { template: 'bash -e {0}', extension: '.sh' };

export function shellOf(shell: string | undefined): { template: string; extension: string } {
  if (!shell) return DEFAULT_SHELL;
  return SHELLS[shell] ?? { template: shell.includes('{0}') ? shell : `${shell} {0}`, extension: '' };
}

/** A `run:` step: the script written to RUNNER_TEMP and run by its shell in the working directory. */
export async function runScriptStep(options: {
  list: StepList;
  raw: MappingToken;
  environment: StepEnvironment;
  result: StepResult;
}): Promise<Conclusion> {
  const { list, raw, environment, result } = options;
  const { scope } = list;
  const script = asString(evaluateToken(field(raw, 'run'), environment.contexts));
  result.run = script;
  const shellName = asString(evaluateToken(field(raw, 'shell'), environment.contexts)) || scope.defaults.shell;
  const shell = shellOf(shellName || undefined);
  const scriptPath = join(scope.runnerTemp, `${randomUUID()}${shell.extension}`);
  writeFileSync(scriptPath, script);
  const [command, ...args] = shell.template.split(' ').map((word) => word.replace('{0}', scriptPath));
  const directory = asString(evaluateToken(field(raw, 'working-directory'), environment.contexts)) || scope.defaults.workingDirectory || '';
  const cwd = !directory ? scope.workspace : isAbsolute(directory) ? directory : join(scope.workspace, directory);
  const extra = list.actionPath ? { GITHUB_ACTION_PATH: list.actionPath } : undefined;
  const { conclusion } = await runStepProcess({
    list,
    result,
    command,
    args,
    env: (files) => processEnv({ scope, env: environment.env, github: environment.github, files, extra }),
    cwd,
    timeoutMs: stepTimeoutMs(list, raw, environment.contexts),
  });
  return conclusion;
}
