/**
 * Evaluates parsed JSONPath trees the way AWS's engine (Jayway JsonPath) does: a definite path yields one value or
 * fails with Jayway's message; an indefinite path yields the array of its matches (possibly empty) and never fails.
 */
import type { Json } from '../asl/types';
import {
  formatSegments,
  type JsonPath,
  parseJsonPath,
  type PathSegment,
} from '../asl/expressions/path-syntax';
import type { FilterExpression, FilterOperand } from '../asl/expressions/filter-syntax';
import type { EvalEnv } from './env';
import { runtimeError } from './errors';
import { hasKey, isJsonObject, javaClassName, jsonEquals, toJavaString } from './json';

/** What evaluating a path gave: the value, or Jayway's reason why nothing was found. */
export type PathOutcome =
  { readonly found: true; readonly value: Json } | { readonly found: false; readonly reason: string };

const cache = new Map<string, JsonPath>();

/** The parsed form of a path, parsed once per distinct text; a syntax error is a `States.Runtime` error. */
export function compilePath(text: string): JsonPath {
  let path = cache.get(text);
  if (!path) {
    const parsed = parseJsonPath(text);
    if (!parsed.ok) throw runtimeError(parsed.error.message);
    path = parsed.path;
    cache.set(text, path);
  }
  return path;
}

/** Why a definite path found nothing (Jayway's PathNotFoundException), thrown inside the walk. */
class PathNotFound extends Error {}

/** Evaluates a path against the state's data, the context object or a variable, as its root says. */
export function evaluatePath(path: JsonPath, data: Json, env: EvalEnv | undefined): PathOutcome {
  let root: Json;
  switch (path.root.kind) {
    case 'input':
    case 'current':
      root = data;
      break;
    case 'context':
      root = env?.context ?? {};
      break;
    case 'variable': {
      const variables = env?.variables ?? {};
      if (!Object.prototype.hasOwnProperty.call(variables, path.root.name)) {
        return { found: false, reason: `The variable '${path.root.name}' is not defined` };
      }
      root = variables[path.root.name];
      break;
    }
  }
  return evaluateFrom(path, root);
}

/**
 * The value a definite path of only names and indexes selects, or undefined when it is not such a path or selects
 * nothing (then the full walk finds Jayway's reason). Most paths are `$.a.b`: this skips the walk's message paths.
 */
function followChain(path: JsonPath, root: Json): Json | undefined {
  if (!path.definite) return undefined;
  const segments = path.segments;
  let node = root;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i];
    if (segment.kind === 'property') {
      if (!isJsonObject(node) || !hasKey(node, segment.name)) return undefined;
      node = node[segment.name];
    } else if (segment.kind === 'index') {
      if (!Array.isArray(node)) return undefined;
      const index = segment.index < 0 ? node.length + segment.index : segment.index;
      if (index < 0 || index >= node.length) return undefined;
      node = node[index];
    } else return undefined;
  }
  return node;
}

/**
 * The value a definite path of names and indexes selects from the state's data (`$` or `@` roots), or undefined
 * when it is no such path or selects nothing: then {@link evaluatePath} gives the answer. The common `$.a.b` of a
 * template or an InputPath is read here without an outcome object.
 */
export function selectSimple(path: JsonPath, data: Json): Json | undefined {
  const kind = path.root.kind;
  return kind === 'input' || kind === 'current' ? followChain(path, data) : undefined;
}

/** Evaluates a path's segments from a given root value. */
export function evaluateFrom(path: JsonPath, root: Json): PathOutcome {
  const value = followChain(path, root);
  if (value !== undefined) return { found: true, value };
  const out: Json[] = [];
  try {
    walk(path.segments, 0, root, '$', true, out, root);
  } catch (error) {
    if (error instanceof PathNotFound) {
      // Indefinite paths never fail: AWS gives the (empty) list of matches.
      if (!path.definite) return { found: true, value: out };
      return { found: false, reason: error.message };
    }
    throw error;
  }
  if (!path.definite) return { found: true, value: out };
  if (out.length === 0)
    return { found: false, reason: `No results for path: ${formatSegments(path.segments)}` };
  return { found: true, value: out[0] };
}

function walk(
  segments: readonly PathSegment[],
  i: number,
  node: Json,
  evalPath: string,
  upstreamDefinite: boolean,
  out: Json[],
  root: Json,
): void {
  if (i === segments.length) {
    out.push(node);
    return;
  }
  const segment = segments[i];
  const leaf = i === segments.length - 1;
  // A direct call per child rather than a closure per step: the walk runs for every path a state reads.
  const j = i + 1;
  switch (segment.kind) {
    case 'property': {
      // Paths only ever reach a message under a definite prefix (the only case that throws): not built otherwise.
      const childPath = upstreamDefinite ? `${evalPath}['${segment.name}']` : '';
      if (!isJsonObject(node)) {
        if (upstreamDefinite) {
          throw new PathNotFound(
            `Expected to find an object with property ['${segment.name}'] in path ${evalPath} but found '${javaClassName(node)}'. ` +
              "This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
          );
        }
        return;
      }
      if (!hasKey(node, segment.name)) {
        if (!leaf && upstreamDefinite) throw new PathNotFound(`Missing property in path ${childPath}`);
        return;
      }
      walk(segments, j, node[segment.name], childPath, upstreamDefinite, out, root);
      return;
    }
    case 'index': {
      if (!checkArray(node, segment.index, evalPath, upstreamDefinite)) return;
      const items = node as Json[];
      const index = segment.index < 0 ? items.length + segment.index : segment.index;
      if (index >= 0 && index < items.length) {
        const childPath = upstreamDefinite ? `${evalPath}[${segment.index}]` : '';
        walk(segments, j, items[index], childPath, upstreamDefinite, out, root);
      }
      return;
    }
    case 'indexes': {
      if (!Array.isArray(node)) return;
      for (const raw of segment.indexes) {
        const index = raw < 0 ? node.length + raw : raw;
        if (index >= 0 && index < node.length) walk(segments, j, node[index], '', false, out, root);
      }
      return;
    }
    case 'wildcard': {
      // Below a wildcard nothing is definite, so nothing throws and no path is needed.
      // forEach, as before: it skips the holes of a sparse array (a handler's result may have some).
      if (Array.isArray(node)) node.forEach((item) => walk(segments, j, item, '', false, out, root));
      else if (isJsonObject(node))
        for (const v of Object.values(node)) walk(segments, j, v, '', false, out, root);
      return;
    }
    case 'properties': {
      if (!isJsonObject(node)) return;
      for (const name of segment.names)
        if (hasKey(node, name)) walk(segments, j, node[name], '', false, out, root);
      return;
    }
    case 'slice': {
      if (!Array.isArray(node)) return;
      for (const k of sliceIndexes(node.length, segment)) walk(segments, j, node[k], '', false, out, root);
      return;
    }
    case 'descendant': {
      const rest = segments.slice(i + 1);
      for (const [match, matchPath] of descendantMatches(node, segment.selector, evalPath, root)) {
        walk(rest, 0, match, matchPath, false, out, root);
      }
      return;
    }
    case 'filter': {
      if (Array.isArray(node)) {
        node.forEach((item) => {
          if (testFilter(segment.expression, item, root)) walk(segments, j, item, '', false, out, root);
        });
      } else if (isJsonObject(node) && testFilter(segment.expression, node, root)) {
        walk(segments, j, node, evalPath, false, out, root);
      }
      return;
    }
  }
}

function checkArray(node: Json, index: number, evalPath: string, upstreamDefinite: boolean): boolean {
  if (Array.isArray(node)) return true;
  if (!upstreamDefinite) return false;
  if (node === null) throw new PathNotFound(`The path ${evalPath} is null`);
  throw new PathNotFound(
    `Filter: [${index}] can only be applied to arrays. Current context is: ${toJavaString(node)}`,
  );
}

function sliceIndexes(length: number, s: { start?: number; end?: number; step?: number }): number[] {
  const step = s.step ?? 1;
  if (step <= 0) return [];
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? length + v : v, 0), length);
  const start = clamp(s.start ?? 0);
  const end = clamp(s.end ?? length);
  const result: number[] = [];
  for (let k = start; k < end; k += step) result.push(k);
  return result;
}

/** Every node a `..selector` step selects, in document order, with its path. */
function descendantMatches(
  node: Json,
  selector: PathSegment,
  evalPath: string,
  root: Json,
): Array<[Json, string]> {
  const found: Array<[Json, string]> = [];
  const visit = (value: Json, at: string): void => {
    const matches: Json[] = [];
    try {
      walk([selector], 0, value, at, false, matches, root);
    } catch (error) {
      if (!(error instanceof PathNotFound)) throw error;
    }
    for (const m of matches) found.push([m, at]);
    if (Array.isArray(value)) value.forEach((item, k) => visit(item, `${at}[${k}]`));
    else if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) visit(v, `${at}['${k}']`);
  };
  visit(node, evalPath);
  return found;
}

/** Evaluates a filter predicate for one candidate node (`@`). */
function testFilter(expression: FilterExpression, current: Json, root: Json): boolean {
  switch (expression.kind) {
    case 'or':
      return testFilter(expression.left, current, root) || testFilter(expression.right, current, root);
    case 'and':
      return testFilter(expression.left, current, root) && testFilter(expression.right, current, root);
    case 'not':
      return !testFilter(expression.operand, current, root);
    case 'exists':
      return operandValue(expression.operand, current, root) !== undefined;
    case 'compare':
      return compare(
        expression.operator,
        operandValue(expression.left, current, root),
        operandValue(expression.right, current, root),
        expression.right,
      );
  }
}

function operandValue(operand: FilterOperand, current: Json, root: Json): Json | undefined {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'regex':
      return operand.source;
    case 'path': {
      const outcome = evaluateFrom(operand.path, operand.path.root.kind === 'current' ? current : root);
      return outcome.found ? outcome.value : undefined;
    }
  }
}

function compare(
  operator: string,
  left: Json | undefined,
  right: Json | undefined,
  rightOperand: FilterOperand,
): boolean {
  if (left === undefined || right === undefined) return operator === '!=' && left !== right;
  switch (operator) {
    case '==':
      return jsonEquals(left, right);
    case '!=':
      return !jsonEquals(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordered(operator, left, right);
    case '=~': {
      if (typeof left !== 'string' || rightOperand.kind !== 'regex') return false;
      return new RegExp(rightOperand.source, rightOperand.flags.replace(/[^ims]/g, '')).test(left);
    }
    case 'in':
      return Array.isArray(right) && right.some((r) => jsonEquals(left, r));
    case 'nin':
      return Array.isArray(right) && !right.some((r) => jsonEquals(left, r));
    case 'contains':
      if (typeof left === 'string') return typeof right === 'string' && left.includes(right);
      return Array.isArray(left) && left.some((l) => jsonEquals(l, right));
    case 'subsetof':
      return (
        Array.isArray(left) && Array.isArray(right) && left.every((l) => right.some((r) => jsonEquals(l, r)))
      );
    case 'anyof':
      return (
        Array.isArray(left) && Array.isArray(right) && left.some((l) => right.some((r) => jsonEquals(l, r)))
      );
    case 'noneof':
      return (
        Array.isArray(left) && Array.isArray(right) && !left.some((l) => right.some((r) => jsonEquals(l, r)))
      );
    case 'size':
      return (typeof left === 'string' || Array.isArray(left)) && left.length === right;
    case 'empty':
      return (typeof left === 'string' || Array.isArray(left)) && (left.length === 0) === right;
    default:
      return false;
  }
}

function ordered(operator: string, left: Json, right: Json): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}
