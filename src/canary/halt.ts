/** Why a canary's walk stopped before its end, with the gates' last reading when a gate stopped it. */
export interface Halt<R = { health?: string; alarms?: string }> {
  kind: 'gate' | 'timeout' | 'cancelled' | 'error';
  reason: string;
  reading?: R;
}

export const isHalt = (value: unknown): value is Halt<unknown> => typeof value === 'object' && value !== null && 'kind' in value;
