import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * The runner's file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY): fresh files per step, read back after it. And the stdout workflow
 * commands the runner still honours (add-mask, error/warning/notice, set-output, save-state).
 */

export interface StepFiles {
  GITHUB_OUTPUT: string;
  GITHUB_ENV: string;
  GITHUB_PATH: string;
  GITHUB_STATE: string;
  GITHUB_STEP_SUMMARY: string;
}

export function createStepFiles(runnerTemp: string): StepFiles {
  const id = randomUUID();
  const files = {
    GITHUB_OUTPUT: join(runnerTemp, `_runner_file_commands/set_output_${id}`),
    GITHUB_ENV: join(runnerTemp, `_runner_file_commands/set_env_${id}`),
    GITHUB_PATH: join(runnerTemp, `_runner_file_commands/add_path_${id}`),
    GITHUB_STATE: join(runnerTemp, `_runner_file_commands/save_state_${id}`),
    GITHUB_STEP_SUMMARY: join(runnerTemp, `_runner_file_commands/step_summary_${id}`),
  };
  for (const path of Object.values(files)) writeFileSync(path, '');
  return files;
}

/** Parses `name=value` and `name<<DELIMITER ... DELIMITER` lines, as the runner does. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`Matching delimiter not found '${delimiter}'`);
      result[name] = value.join('\n');
    } else if (equals > 0) {
      result[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new Error(`Invalid format '${line}'`);
    }
  }
  return result;
}

export interface FileCommandResults {
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

export function readStepFiles(files: StepFiles): FileCommandResults {
  return {
    outputs: parseKeyValueFile(read(files.GITHUB_OUTPUT)),
    env: parseKeyValueFile(read(files.GITHUB_ENV)),
    path: read(files.GITHUB_PATH).split(/\r?\n/).filter(Boolean),
    state: parseKeyValueFile(read(files.GITHUB_STATE)),
    summary: read(files.GITHUB_STEP_SUMMARY),
  };
}

export interface StdoutCommands {
  masks: string[];
  annotations: string[];
  outputs: Record<string, string>;
  state: Record<string, string>;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** Reads `::command key=value::data` lines a step printed. */
export function parseStdoutCommands(output: string): StdoutCommands {
  const result: StdoutCommands = { masks: [], annotations: [], outputs: {}, state: {} };
  for (const line of output.split(/\r?\n/)) {
    const match = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, command, rawProperties = '', rawData] = match;
    const data = unescapeData(rawData);
    const properties = Object.fromEntries(
      rawProperties
        .trim()
        .split(',')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), unescapeProperty(pair.slice(pair.indexOf('=') + 1))]),
    );
    if (command === 'add-mask' && data) result.masks.push(data);
    if (command === 'error' || command === 'warning' || command === 'notice') result.annotations.push(`${command}: ${data}`);
    if (command === 'set-output' && properties.name) result.outputs[properties.name] = data;
    if (command === 'save-state' && properties.name) result.state[properties.name] = data;
  }
  return result;
}
