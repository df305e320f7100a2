import type { RunState } from './run-state.js';

/**
 * Workflow-level `concurrency:` across the runs a test starts at the same time in this process, as
 * GitHub applies it per repository and group: while a run holds the group, a newcomer waits
 * (pending); a newer pending run replaces (cancels) the one pending before it; a newcomer with
 * cancel-in-progress cancels the run holding the group. A cancelled run starts no further job, and
 * its job in progress stops at its next step (only always()/cancelled() steps and post steps run);
 * the step already running finishes (the runner would signal it). A called workflow in the group
 * its own caller holds is the deadlock GitHub reports.
 */

export interface GroupHold {
  /** Set once the run is cancelled by the group; `reason` says why, in GitHub's words. */
  cancelled: boolean;
  reason?: string;
  release(): void;
}

interface Waiting {
  hold: GroupHold;
  owner: RunState;
  start(): void;
}

const groups = new Map<string, { running: Waiting; pending?: Waiting }>();

const higherPriority = (group: string) => `Canceling since a higher priority waiting request for '${group}' exists`;

export async function enterGroup(o: {
  repository: string;
  group: string;
  cancelInProgress: boolean;
  run: RunState;
  /** Path of the calling job, for a called workflow (the deadlock message names it). */
  caller?: string;
}): Promise<GroupHold> {
  const key = `${o.repository}\n${o.group}`;
  let start = () => {};
  const started = new Promise<void>((resolve) => (start = resolve));
  const hold: GroupHold = {
    cancelled: false,
    release: () => {
      const entry = groups.get(key);
      if (!entry || entry.running.hold !== hold) {
        if (entry?.pending?.hold === hold) entry.pending = undefined;
        return;
      }
      if (entry.pending) {
        entry.running = entry.pending;
        entry.pending = undefined;
        entry.running.start();
      } else groups.delete(key);
    },
  };
  const waiting: Waiting = { hold, owner: o.run, start };
  const entry = groups.get(key);
  if (!entry) {
    groups.set(key, { running: waiting });
    return hold;
  }
  if (entry.running.owner === o.run || entry.pending?.owner === o.run) {
    hold.cancelled = true;
    hold.reason = `Canceling since a deadlock was detected for concurrency group: '${o.group}' between a top level workflow and '${o.caller ?? ''}'`;
    return hold;
  }
  if (o.cancelInProgress && !entry.running.hold.cancelled) {
    entry.running.hold.cancelled = true;
    entry.running.hold.reason = higherPriority(o.group);
  }
  if (entry.pending) {
    entry.pending.hold.cancelled = true;
    entry.pending.hold.reason = higherPriority(o.group);
    entry.pending.start();
  }
  entry.pending = waiting;
  await started;
  return hold;
}

/** How many runs hold and wait for a group (tests wait for a run to be pending before the next event). */
export function groupState(repository: string, group: string): { running: number; pending: number } {
  const entry = groups.get(`${repository}\n${group}`);
  return { running: entry ? 1 : 0, pending: entry?.pending ? 1 : 0 };
}

/** Whether a frame's run was cancelled by one of the groups it (or its callers) hold. */
export function cancelledBy(holds: GroupHold[] | undefined): GroupHold | undefined {
  return holds?.find((hold) => hold.cancelled);
}
