import { randomUUID } from 'node:crypto';
import * as core from './runner.js';
import type { Logger } from '../logger.js';

/*
 * The runner reads every line of a step's output (split at \n, \r or \r\n) as a workflow command
 * when, after leading whitespace, it starts with `::` (`::warning::`, `::add-mask::`...) or when it
 * holds the older `##[name]` form anywhere (actions/runner ActionCommand.TryParseV2 / TryParse).
 * The patterns are generous: control and format characters (a zero-width space...) count as
 * whitespace, since the runner's culture-aware string matching may skip them.
 */
const LINE_BREAK = /\r\n|\r|\n/;
const COMMAND_START = /^[\s\p{Cc}\p{Cf}]*::/u;
const OLDER_COMMAND = /#[\p{Cc}\p{Cf}]*#[\p{Cc}\p{Cf}]*\[/u;

/** True when the runner could read this line (or a line of it) as a workflow command. */
export function couldBeCommand(text: string): boolean {
  return text.split(LINE_BREAK).some((line) => COMMAND_START.test(line) || OLDER_COMMAND.test(line));
}

/**
 * The one printer for plain lines: a message any line of which could be a command is fenced with
 * stop-commands and a fresh random token, so inputs, AWS answers and container output are shown,
 * never obeyed. Annotations and group titles need no fence: @actions/core escapes their line breaks.
 */
function print(message: string): void {
  const text = message.split(LINE_BREAK).join('\n');
  if (!couldBeCommand(text)) return core.info(text);
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  core.info(text);
  core.info(`::${token}::`);
}

/** The runner's Logger: every line through print(); warnings, debug lines and groups through @actions/core. */
export const actionsLogger: Logger = {
  info: print,
  untrusted: print,
  warning: (line) => core.warning(line),
  debug: (line) => core.debug(line),
  group: (title, work) => core.group(title, work),
};
