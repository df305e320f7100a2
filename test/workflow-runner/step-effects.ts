import { createStepFiles, parseStdoutCommands, readStepFiles, type StepFiles } from './file-commands.js';
import { runProcess } from './process.js';
import { addMask, logLine, mask } from './run-state.js';
import type { StepList } from './steps.js';
import type { Conclusion, StepResult } from './types.js';

/** A step's summary above 1 MiB is dropped by the runner with an error annotation. */
const SUMMARY_LIMIT = 1024 * 1024;

/**
 * Runs a step's process with fresh file-command files and applies what it left: outputs,
 * exported env, PATH additions, state, summary, masks and annotations.
 */
export async function runStepProcess(options: {
  list: StepList;
  result: StepResult;
  command: string;
  args: string[];
  env: (files: StepFiles) => Record<string, string>;
  cwd: string;
  timeoutMs: number;
}): Promise<{ conclusion: Conclusion; state: Record<string, string> }> {
  const { list, result } = options;
  const { scope } = list;
  const run = scope.frame.run;
  const files = createStepFiles(scope.runnerTemp);
  const processResult = await runProcess({
    command: options.command,
    args: options.args,
    env: options.env(files),
    cwd: options.cwd,
    timeoutMs: Number.isFinite(options.timeoutMs) ? options.timeoutMs : undefined,
    onLine: (line) => {
      // add-mask takes effect for the lines after it, as on the runner.
      const mask = /^::add-mask::(.*)$/.exec(line.trim());
      if (mask) addMask(run, mask[1]);
      result.log += logLine(run, list.label, line) + '\n';
    },
  });
  const commands = parseStdoutCommands(processResult.output);
  for (const value of commands.masks) addMask(run, value);
  let fileResults;
  try {
    fileResults = readStepFiles(files);
  } catch (error) {
    result.log += logLine(run, list.label, `Error: ${(error as Error).message}`) + '\n';
    return { conclusion: 'failure', state: {} };
  }
  Object.assign(result.outputs, commands.outputs, fileResults.outputs);
  Object.assign(scope.env, fileResults.env);
  scope.paths.unshift(...fileResults.path.reverse());
  const summaryBytes = Buffer.byteLength(fileResults.summary);
  if (summaryBytes > SUMMARY_LIMIT) {
    scope.annotations.push(
      `error: $GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(summaryBytes / 1024)}k.`,
    );
  } else if (fileResults.summary) scope.summary.push(fileResults.summary);
  scope.annotations.push(...commands.annotations.map((a) => mask(run, a)));
  result.exitCode = processResult.exitCode;
  if (processResult.timedOut) {
    result.log += logLine(run, list.label, `Error: The action '${result.name}' has timed out.`) + '\n';
    return { conclusion: 'failure', state: { ...commands.state, ...fileResults.state } };
  }
  if (processResult.exitCode !== 0) {
    result.log += logLine(run, list.label, `Error: Process completed with exit code ${processResult.exitCode}.`) + '\n';
  }
  return { conclusion: processResult.exitCode === 0 ? 'success' : 'failure', state: { ...commands.state, ...fileResults.state } };
}
