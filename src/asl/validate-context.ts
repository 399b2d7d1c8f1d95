/**
 * The walk every validation rule shares: the machine's scopes (top level, Parallel branches, Map processors) and
 * its states, each with its location, query language and execution type. Built once, tolerant of any shape, so
 * each rule family only looks at fields and never re-walks the tree.
 */
import { type Diagnostic, error, pointer } from './diagnostics';
import type { QueryLanguage } from './types';

/** A JSON object as the validator sees it: not yet trusted. */
export type Obj = Record<string, unknown>;

/** STANDARD or EXPRESS: what the machine (or a Distributed Map's child executions) runs as. */
export type ExecutionType = 'STANDARD' | 'EXPRESS';

/** How deeply Parallel branches and Map processors may nest. AWS documents no number; this one is generous. */
export const MAX_NESTING_DEPTH = 64;

/** A machine or nested machine: its own namespace for StartAt and transitions. */
export interface Scope {
  /** Pointer to the machine object (`` for the top level, `/States/P/Branches/0`, `/States/M/ItemProcessor`). */
  readonly location: string;
  readonly value: Obj;
  /** The `States` object when it is one. */
  readonly states: Obj | undefined;
  /** The query language its states inherit. */
  readonly language: QueryLanguage;
  /** What its states run as (a Distributed Map's children may differ from the machine). */
  readonly executionType: ExecutionType;
  /** 0 for the top level, 1 inside one Parallel or Map, ... */
  readonly depth: number;
  /**
   * The QueryLanguage set for the whole execution its states run in: the machine's, or a Distributed Map
   * processor's own (its iterations are child executions). JSONata there forbids JSONPath states.
   */
  readonly executionLanguage: QueryLanguage | undefined;
}

/** A state, found in a scope. */
export interface StateSite {
  readonly name: string;
  /** The state object when it is one (rules skip states that are not objects). */
  readonly value: Obj | undefined;
  /** The value as written, object or not. */
  readonly raw: unknown;
  readonly location: string;
  readonly scope: Scope;
  /** Its own QueryLanguage, else its scope's. */
  readonly language: QueryLanguage;
  /** Its `Type` when that is a string. */
  readonly type: string | undefined;
}

/** What the rule families read and where they report. */
export interface ValidationContext {
  readonly root: Obj;
  readonly machineType: ExecutionType;
  /** The machine-wide QueryLanguage (JSONPath when absent or invalid). */
  readonly language: QueryLanguage;
  readonly scopes: readonly Scope[];
  readonly states: readonly StateSite[];
  report(diagnostic: Diagnostic): void;
}

/** Whether a value is a (non-array) JSON object. */
export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether an object has its own property `key` (not an inherited one such as `constructor`). */
export function has(value: Obj, key: string): boolean {
  return Object.hasOwn(value, key);
}

/** `value[key]` when `value` is an object and owns `key`. */
export function field(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function languageOf(value: unknown, fallback: QueryLanguage): QueryLanguage {
  return value === 'JSONata' || value === 'JSONPath' ? value : fallback;
}

/**
 * Calls `visit` with each value at a relative path inside `state` (`*` expands arrays) and its location. Absent
 * fields cost nothing: no arrays or pointers are built for them (the rules ask for many fields most states lack).
 */
export function forEachAt(
  state: unknown,
  path: readonly string[],
  location: string,
  visit: (value: unknown, location: string) => void,
  from = 0,
): void {
  if (from === path.length) {
    visit(state, location);
    return;
  }
  const key = path[from];
  if (key === '*') {
    if (Array.isArray(state))
      state.forEach((v, i) => forEachAt(v, path, pointer(location, i), visit, from + 1));
  } else if (isObject(state) && Object.hasOwn(state, key)) {
    forEachAt(state[key], path, pointer(location, key), visit, from + 1);
  }
}

/** Walks a machine into scopes and states; reports nesting deeper than {@link MAX_NESTING_DEPTH}. */
export function buildContext(
  root: Obj,
  machineType: ExecutionType,
  report: (diagnostic: Diagnostic) => void,
): ValidationContext {
  const language = languageOf(field(root, 'QueryLanguage'), 'JSONPath');
  const scopes: Scope[] = [];
  const states: StateSite[] = [];
  const visit = (
    value: Obj,
    location: string,
    inherited: QueryLanguage,
    executionType: ExecutionType,
    executionLanguage: QueryLanguage | undefined,
    depth: number,
  ): void => {
    if (depth > MAX_NESTING_DEPTH) {
      report(
        error(
          'TOO_DEEPLY_NESTED',
          location,
          `Parallel and Map states are nested more than ${MAX_NESTING_DEPTH} levels deep`,
        ),
      );
      return;
    }
    const statesValue = field(value, 'States');
    const scope: Scope = {
      location,
      value,
      states: isObject(statesValue) ? statesValue : undefined,
      language: depth === 0 ? inherited : languageOf(field(value, 'QueryLanguage'), inherited),
      executionType,
      depth,
      executionLanguage,
    };
    scopes.push(scope);
    if (!scope.states) return;
    for (const [name, state] of Object.entries(scope.states)) {
      const stateLocation = pointer(location, 'States', name);
      const object = isObject(state) ? state : undefined;
      const type = field(object, 'Type');
      const site: StateSite = {
        name,
        value: object,
        raw: state,
        location: stateLocation,
        scope,
        language: languageOf(field(object, 'QueryLanguage'), scope.language),
        type: typeof type === 'string' ? type : undefined,
      };
      states.push(site);
      if (!object) continue;
      if (site.type === 'Parallel') {
        const branches = field(object, 'Branches');
        if (Array.isArray(branches)) {
          branches.forEach((branch, index) => {
            if (isObject(branch)) {
              visit(
                branch,
                pointer(stateLocation, 'Branches', index),
                language,
                executionType,
                executionLanguage,
                depth + 1,
              );
            }
          });
        }
      } else if (site.type === 'Map') {
        for (const key of ['ItemProcessor', 'Iterator']) {
          const processor = field(object, key);
          if (!isObject(processor)) continue;
          const config = field(processor, 'ProcessorConfig');
          const distributed = field(config, 'Mode') === 'DISTRIBUTED';
          const childType = field(config, 'ExecutionType');
          const childExecution: ExecutionType =
            distributed && (childType === 'EXPRESS' || childType === 'STANDARD') ? childType : executionType;
          const own = field(processor, 'QueryLanguage');
          const childLanguage = distributed
            ? own === 'JSONata' || own === 'JSONPath'
              ? own
              : undefined
            : executionLanguage;
          visit(processor, pointer(stateLocation, key), language, childExecution, childLanguage, depth + 1);
        }
      }
    }
  };
  const explicit = field(root, 'QueryLanguage');
  visit(root, '', language, machineType, explicit === 'JSONata' ? 'JSONata' : undefined, 0);
  return { root, machineType, language, scopes, states, report };
}
