import type { AlarmStateValue } from './state.js';

/**
 * A composite alarm's AlarmRule, evaluated as CloudWatch does: ALARM("name"), OK("name"),
 * INSUFFICIENT_DATA("name") (a name or an alarm ARN), TRUE, FALSE, NOT, AND, OR and parentheses,
 * AND binding tighter than OR. Returns undefined for a rule it cannot read, or one naming an alarm
 * that does not exist (the composite keeps its state then).
 */

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|\(|\)|[^\s()"]+)/y;
const STATE_FUNCTIONS = new Set(['ALARM', 'OK', 'INSUFFICIENT_DATA']);

function tokens(rule: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < rule.length) {
    const match = TOKEN.exec(rule);
    if (!match) {
      if (!rule.slice(TOKEN.lastIndex).trim()) break;
      throw new Error('unreadable rule');
    }
    out.push(match[1]);
  }
  return out;
}

/** The alarm names a rule refers to (ARNs reduced to names). */
export function referencedAlarms(rule: string): string[] {
  try {
    const list = tokens(rule);
    return list.flatMap((token, i) => (STATE_FUNCTIONS.has(list[i - 2] ?? '') && list[i - 1] === '(' ? [alarmName(token)] : []));
  } catch {
    return [];
  }
}

function alarmName(token: string): string {
  const name = token.startsWith('"') ? JSON.parse(token) : token;
  const arn = /^arn:[^:]+:cloudwatch:[^:]*:\d*:alarm:(.+)$/.exec(name);
  return arn ? arn[1] : name;
}

export function evaluateRule(rule: string, stateOf: (name: string) => AlarmStateValue | undefined): boolean | undefined {
  let list: string[];
  try {
    list = tokens(rule);
  } catch {
    return undefined;
  }
  let at = 0;
  const peek = () => list[at]?.toUpperCase();
  const expect = (token: string) => {
    if (list[at++] !== token) throw new Error(`expected ${token}`);
  };
  const factor = (): boolean => {
    const token = peek();
    at += 1;
    if (token === 'NOT') return !factor();
    if (token === 'TRUE') return true;
    if (token === 'FALSE') return false;
    if (token === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token && STATE_FUNCTIONS.has(token)) {
      expect('(');
      const state = stateOf(alarmName(list[at++] ?? ''));
      expect(')');
      if (state === undefined) throw new Error('unknown alarm');
      return state === token;
    }
    throw new Error(`unexpected ${token}`);
  };
  const and = (): boolean => {
    let value = factor();
    while (peek() === 'AND') {
      at += 1;
      value = factor() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (peek() === 'OR') {
      at += 1;
      value = and() || value;
    }
    return value;
  };
  try {
    const value = or();
    return at === list.length ? value : undefined;
  } catch {
    return undefined;
  }
}
