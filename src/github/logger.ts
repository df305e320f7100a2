import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import type { Logger } from '../logger.js';

/** A line the runner would read as a command (`::set-output`, `::add-mask`...). */
const LOOKS_LIKE_COMMAND = /^\s*::/;

/** The runner's Logger: core.info/warning/group; untrusted lines are fenced with stop-commands. */
export const actionsLogger: Logger = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
  untrusted(line) {
    if (!LOOKS_LIKE_COMMAND.test(line)) return core.info(line);
    // Container output must not be able to mask, set outputs or fake annotations.
    const token = randomUUID();
    core.info(`::stop-commands::${token}`);
    core.info(line);
    core.info(`::${token}::`);
  },
  group: (title, work) => core.group(title, work),
};
