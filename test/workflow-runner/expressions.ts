import { data, Evaluator, Lexer, Parser, type Expr } from '@actions/expressions';
import { TokenType } from '@actions/expressions/lexer';
import { FunctionCall, Binary, Logical, Unary, Grouping, IndexAccess } from '@actions/expressions/ast';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { isBasicExpression, isMapping, isSequence, isLiteral } from '@actions/workflow-parser';
import { InsertExpressionToken, type TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { hashFiles } from './hash-files.js';

/**
 * Evaluates `${{ }}` with GitHub's own expression engine (@actions/expressions) over the parser's
 * template tokens (@actions/workflow-parser turns `a-${{ x }}` into `format('a-{0}', x)`).
 * Contexts are plain objects; status functions (success, failure, always, cancelled) and hashFiles
 * are the runner's, so they are supplied here.
 */

export type Contexts = Record<string, unknown>;

export interface Status {
  /** success(): nothing before has failed or been cancelled. */
  success: boolean;
  /** failure(): something before failed (default: !success). A skipped ancestor job is neither. */
  failure?: boolean;
  cancelled: boolean;
  /** For hashFiles(): the workspace. */
  workspace?: string;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

function functionsFor(status: Status): Map<string, FunctionDefinition> {
  const fn = (name: string, call: FunctionDefinition['call'], maxArgs = 0): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs, call },
  ];
  return new Map([
    fn('success', () => new data.BooleanData(status.success && !status.cancelled)),
    fn('failure', () => new data.BooleanData((status.failure ?? !status.success) && !status.cancelled)),
    fn('always', () => new data.BooleanData(true)),
    fn('cancelled', () => new data.BooleanData(status.cancelled)),
    fn(
      'hashfiles',
      (...patterns) => {
        if (!status.workspace) throw new Error('hashFiles() needs github.workspace');
        return new data.StringData(
          hashFiles(
            status.workspace,
            patterns.map((p) => p.coerceString()),
          ),
        );
      },
      255,
    ),
  ]);
}

const EXTENSION_INFO = [
  ...STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 })),
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
];

/** Conversions of frozen values (the event payload), which cannot change: kept, so a big payload is converted once. */
const frozenData = new WeakMap<object, data.ExpressionData>();

export function toExpressionData(value: unknown): data.ExpressionData {
  if (value !== null && typeof value === 'object' && Object.isFrozen(value)) {
    const cached = frozenData.get(value);
    if (cached) return cached;
    const converted = JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData;
    frozenData.set(value, converted);
    return converted;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return new data.Dictionary(...Object.entries(value).map(([key, item]) => ({ key, value: toExpressionData(item) })));
  }
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

/** Freezes a value deeply, so toExpressionData may keep its conversion. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

export function fromExpressionData(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer));
}

export function parseExpression(expression: string, contextNames: string[]): Expr {
  const { tokens } = new Lexer(expression).lex();
  // @actions/expressions 0.3.61's lexer unescapes only the first '' of a string literal
  // (value.replace("''", "'")); the runner unescapes every one. Recompute from the lexeme.
  for (const token of tokens) {
    if (token.type === TokenType.STRING) token.value = token.lexeme.slice(1, -1).replace(/''/g, "'");
  }
  return new Parser(tokens, contextNames, EXTENSION_INFO).parse();
}

/** Evaluates one expression (without `${{ }}`), returning a plain JS value. */
export function evaluate(expression: string, contexts: Contexts, status: Status = { success: true, cancelled: false }): unknown {
  const dictionary = new data.Dictionary(...Object.entries(contexts).map(([key, value]) => ({ key, value: toExpressionData(value) })));
  const tree = parseExpression(expression, Object.keys(contexts));
  // hashFiles() reads GITHUB_WORKSPACE, as the runner's does.
  const workspace = status.workspace ?? ((contexts.github as { workspace?: string } | undefined)?.workspace || undefined);
  return fromExpressionData(new Evaluator(tree, dictionary, functionsFor({ ...status, workspace })).evaluate());
}

function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '' || value === 0) return false;
  if (typeof value === 'number' && Number.isNaN(value)) return false;
  return true;
}

/** Whether the tree calls a status function anywhere (else GitHub wraps it in `success() && (...)`). */
function callsStatusFunction(node: Expr): boolean {
  if (node instanceof FunctionCall) {
    return STATUS_FUNCTIONS.includes(node.functionName.lexeme.toLowerCase()) || node.args.some(callsStatusFunction);
  }
  if (node instanceof Binary) return callsStatusFunction(node.left) || callsStatusFunction(node.right);
  if (node instanceof Logical) return node.args.some(callsStatusFunction);
  if (node instanceof Unary) return callsStatusFunction(node.expr);
  if (node instanceof Grouping) return callsStatusFunction(node.group);
  if (node instanceof IndexAccess) return callsStatusFunction(node.expr) || callsStatusFunction(node.index);
  return false;
}

/** Evaluates a job's or step's `if:` as the runner does (implicit success() unless a status function is used). */
export function evaluateCondition(expression: string, contexts: Contexts, status: Status): boolean {
  const tree = parseExpression(expression, Object.keys(contexts));
  const wrapped = callsStatusFunction(tree) ? expression : `success() && (${expression})`;
  return truthy(evaluate(wrapped, contexts, status));
}

/** Evaluates a template token (mapping, sequence, scalar or expression) to a plain value. */
export function evaluateToken(token: TemplateToken | undefined, contexts: Contexts, status?: Status): unknown {
  if (token === undefined) return undefined;
  if (isBasicExpression(token)) return evaluate(token.expression, contexts, status);
  if (isLiteral(token)) return (token as unknown as { value: unknown }).value ?? null;
  if (isSequence(token)) {
    const list: unknown[] = [];
    for (const item of token) {
      if (item instanceof InsertExpressionToken) continue;
      list.push(evaluateToken(item, contexts, status));
    }
    return list;
  }
  if (isMapping(token)) {
    const result: Record<string, unknown> = {};
    for (const { key, value } of token) {
      if (key instanceof InsertExpressionToken) {
        Object.assign(result, evaluateToken(value, contexts, status) as object);
        continue;
      }
      result[String(evaluateToken(key, contexts, status))] = evaluateToken(value, contexts, status);
    }
    return result;
  }
  throw new Error(`cannot evaluate a ${token.typeName()} token`);
}

/** A value as the runner hands it to a step (env, with): strings; booleans and numbers as text. */
export function asString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Evaluates a mapping of strings (env, with, outputs): every value coerced to a string. */
export function evaluateStringMap(token: TemplateToken | undefined, contexts: Contexts, status?: Status): Record<string, string> {
  const value = evaluateToken(token, contexts, status);
  if (value === undefined || value === null) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, asString(v)]));
}
