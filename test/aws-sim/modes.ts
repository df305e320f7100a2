/**
 * The simulator's harsher modes: behaviour AWS documents that makes a client's life harder,
 * off (or small) by default so the suite stays fast, all on with `harsh` (ECS_SHIP_SIM_HARSH=1).
 */
export interface TokenBucket {
  /** Calls allowed at once, per account and region. */
  burst: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
}

export interface SimModes {
  /** Reads lag writes by this long: DescribeServices shows a service as it was before UpdateService/CreateService, and a just-registered revision is not yet its family's latest. 0: off. */
  consistencyWindowMs: number;
  /** ECS API throttling as AWS does it: a token bucket per account and region; past the burst, calls are refused until tokens refill. */
  throttleBucket?: TokenBucket;
  /** awslogs ships container output in batches: a line becomes readable only at the end of its batch window. 0: at once. */
  logBatchMs: number;
  /** GetLogEvents answers an empty page (with a new token) before every page that has events. */
  logEmptyPages: boolean;
  /** ListTasks returns task ARNs in no promised order (stable across pages of one listing). */
  shuffleListTasks: boolean;
  /** DescribeParameters answers without ARN, which the API documents as optional (a third-party emulator omits it). */
  omitParameterArn: boolean;
  /** ELBv2 applies listener and rule changes in batches: for this long after ModifyRule/ModifyListener, reads (and traffic) keep the previous actions. */
  weightApplyMs: number;
  /** ELBv2 reads lag creates: for this long a new load balancer, target group, listener or rule is not found by Describe* or DescribeTags. 0: off. */
  elbCreateLagMs: number;
  /**
   * Only callers whose user agent contains this meet the modes (the harsh preset: "ecs-ship", the
   * code under test); a test's own clients that arrange and inspect state see AWS as it settles.
   * Unset: every caller.
   */
  onlyUserAgent?: string;
}

export const DEFAULT_MODES: SimModes = {
  consistencyWindowMs: 0,
  logBatchMs: 0,
  logEmptyPages: false,
  shuffleListTasks: false,
  omitParameterArn: false,
  weightApplyMs: 50,
  elbCreateLagMs: 0,
};

/**
 * What `harsh` turns on: windows short enough for the suite, throttling the SDK's retries absorb
 * (10 attempts with backoff), so a correct action passes and a wrong belief fails.
 */
export const HARSH_MODES: SimModes = {
  consistencyWindowMs: 300,
  throttleBucket: { burst: 20, refillPerSecond: 10 },
  logBatchMs: 250,
  logEmptyPages: true,
  shuffleListTasks: true,
  omitParameterArn: true,
  weightApplyMs: 800,
  elbCreateLagMs: 300,
  onlyUserAgent: 'ecs-ship',
};

/** The modes a request meets: the world's, or none when they apply only to another user agent. */
export function modesFor(modes: SimModes, headers: Record<string, string | string[] | undefined>): SimModes {
  if (!modes.onlyUserAgent) return modes;
  const agents = [headers['user-agent'], headers['x-amz-user-agent']].flat().join(' ');
  return agents.includes(modes.onlyUserAgent) ? modes : DEFAULT_MODES;
}

export const harshFromEnvironment = (env: NodeJS.ProcessEnv = process.env): boolean => harshModesFromEnvironment(env) !== undefined;

/**
 * ECS_SHIP_SIM_HARSH: "1" (or true/yes) for every harsh mode; a comma-separated list of mode names
 * ("logBatchMs,logEmptyPages") for only those, at their harsh values, to find which one a test meets.
 */
export function harshModesFromEnvironment(env: NodeJS.ProcessEnv = process.env): SimModes | undefined {
  const value = (env.ECS_SHIP_SIM_HARSH ?? '').trim();
  if (/^(1|true|yes)$/i.test(value)) return HARSH_MODES;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n in HARSH_MODES && n !== 'onlyUserAgent') as Array<keyof SimModes>;
  if (!names.length) return undefined;
  return { ...DEFAULT_MODES, onlyUserAgent: HARSH_MODES.onlyUserAgent, ...Object.fromEntries(names.map((n) => [n, HARSH_MODES[n]])) };
}

export function checkModes(modes: Partial<SimModes>): Partial<SimModes> {
  for (const [key, value] of Object.entries(modes)) {
    if (!(key in HARSH_MODES)) throw new Error(`unknown simulator mode "${key}" (known: ${Object.keys(HARSH_MODES).join(', ')})`);
    if (key === 'onlyUserAgent') {
      if (value !== undefined && typeof value !== 'string') throw new Error('onlyUserAgent must be a string');
    } else if (key === 'throttleBucket') {
      const bucket = value as TokenBucket | undefined;
      if (bucket !== undefined && !(bucket.burst >= 1 && bucket.refillPerSecond >= 0))
        throw new Error('throttleBucket needs burst >= 1 and refillPerSecond >= 0');
    } else if (typeof value !== typeof DEFAULT_MODES[key as keyof SimModes]) {
      throw new Error(`simulator mode ${key} must be a ${typeof DEFAULT_MODES[key as keyof SimModes]}`);
    }
  }
  return modes;
}
