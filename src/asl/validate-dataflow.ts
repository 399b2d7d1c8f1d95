/**
 * Data-flow fields: JSONPath paths where AWS wants them (full paths in InputPath/OutputPath, reference paths in
 * ResultPath and `*Path` fields), payload templates (`.$` keys), `Assign`, JSONata `{% %}` expressions, and AWS's
 * three warnings (NO_DOLLAR, NO_PATH, PASS_RESULT_IS_STATIC).
 */
import { error, pointer, warning } from './diagnostics';
import { judgeIntrinsic } from './validate-intrinsics';
import {
  has,
  isObject,
  type Obj,
  type StateSite,
  type ValidationContext,
  forEachAt,
} from './validate-context';
import {
  ANY_ROOT,
  checkJsonataTemplates,
  judgeJsonPath,
  judgeReferencePath,
  type Verdict,
  type ExpressionProblem,
  INPUT_ROOT_ONLY,
  looksLikeIntrinsic,
  looksLikePath,
} from './validate-expressions';

/** How a path field is read: a full JSONPath, a reference path, or a reference path or intrinsic call. */
type PathKind = 'path' | 'reference' | 'reference-or-intrinsic' | 'result';

/** JSONPath-state fields that hold paths (relative paths; `*` expands arrays). */
const PATH_FIELDS: readonly { readonly at: readonly string[]; readonly kind: PathKind }[] = [
  { at: ['InputPath'], kind: 'path' },
  { at: ['OutputPath'], kind: 'path' },
  { at: ['ResultPath'], kind: 'result' },
  { at: ['Catch', '*', 'ResultPath'], kind: 'result' },
  { at: ['SecondsPath'], kind: 'reference' },
  { at: ['TimestampPath'], kind: 'reference' },
  { at: ['TimeoutSecondsPath'], kind: 'reference' },
  { at: ['HeartbeatSecondsPath'], kind: 'reference' },
  { at: ['ItemsPath'], kind: 'reference' },
  { at: ['MaxConcurrencyPath'], kind: 'reference' },
  { at: ['ToleratedFailureCountPath'], kind: 'reference' },
  { at: ['ToleratedFailurePercentagePath'], kind: 'reference' },
  { at: ['ItemReader', 'ReaderConfig', 'MaxItemsPath'], kind: 'reference' },
  { at: ['ItemBatcher', 'MaxItemsPerBatchPath'], kind: 'reference' },
  { at: ['ItemBatcher', 'MaxInputBytesPerBatchPath'], kind: 'reference' },
  { at: ['ErrorPath'], kind: 'reference-or-intrinsic' },
  { at: ['CausePath'], kind: 'reference-or-intrinsic' },
];

/** JSONPath-state fields that are payload templates (`"key.$": "$.path"`). */
const TEMPLATE_FIELDS: readonly (readonly string[])[] = [
  ['Parameters'],
  ['ResultSelector'],
  ['ItemSelector'],
  ['Credentials'],
  ['ItemReader', 'Parameters'],
  ['ResultWriter', 'Parameters'],
  ['ItemBatcher', 'BatchInput'],
];

/** Where `Assign` blocks live in a state. */
const ASSIGN_FIELDS: readonly (readonly string[])[] = [
  ['Assign'],
  ['Catch', '*', 'Assign'],
  ['Choices', '*', 'Assign'],
];

/** Fields that have a `...Path` twin: a path-looking string here probably meant the twin (NO_PATH). */
const HAS_PATH_TWIN: readonly (readonly string[])[] = [
  ['Seconds'],
  ['Timestamp'],
  ['TimeoutSeconds'],
  ['HeartbeatSeconds'],
  ['Error'],
  ['Cause'],
  ['MaxConcurrency'],
  ['ToleratedFailureCount'],
  ['ToleratedFailurePercentage'],
  ['ItemReader', 'ReaderConfig', 'MaxItems'],
  ['ItemBatcher', 'MaxItemsPerBatch'],
  ['ItemBatcher', 'MaxInputBytesPerBatch'],
];

/** Top-level state fields a JSONata state never evaluates (structure, not data). */
const NOT_EVALUATED: ReadonlySet<string> = new Set([
  'Type',
  'Comment',
  'QueryLanguage',
  'Resource',
  'Next',
  'End',
  'Default',
  'Branches',
  'ItemProcessor',
  'Iterator',
  'Retry',
  'Label',
  'Choices',
  'Catch',
]);

/** A valid variable name (Assign keys): a Unicode identifier. */
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** Nesting limit for walking templates (the definition's JSON depth is bounded before rules run). */
const MAX_WALK_DEPTH = 1000;

/** Checks the data-flow fields of every state. */
export function validateDataflow(ctx: ValidationContext): void {
  const expressions: Expression[] = [];
  for (const site of ctx.states) {
    const state = site.value;
    if (!state) continue;
    checkAssignNames(ctx, site, state);
    if (site.language === 'JSONata') checkJsonataState(ctx, site, state, expressions);
    else checkJsonPathState(ctx, site, state);
  }
  // All JSONata expressions are parsed together at the end: the parser is much faster in batches.
  const problems = checkJsonataTemplates(expressions.map((e) => e.value));
  problems.forEach((problem, i) => {
    if (!problem) return;
    const { value, location } = expressions[i];
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        location,
        `${problem.message} (at character ${problem.position + 1} of ${JSON.stringify(value)})`,
      ),
    );
  });
}

/** A JSONata expression string found in a state, to be parsed with the others. */
interface Expression {
  readonly value: string;
  readonly location: string;
}

function checkAssignNames(ctx: ValidationContext, site: StateSite, state: Obj): void {
  for (const path of ASSIGN_FIELDS) {
    forEachAt(state, path, site.location, (value, location) => {
      if (!isObject(value)) return;
      for (const key of Object.keys(value)) {
        const name = site.language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
        if (!VARIABLE_NAME.test(name)) {
          ctx.report(
            error(
              'SCHEMA_VALIDATION_FAILED',
              pointer(location, key),
              `"${name}" is not a valid variable name`,
            ),
          );
        }
      }
    });
  }
}

function checkJsonPathState(ctx: ValidationContext, site: StateSite, state: Obj): void {
  for (const { at, kind } of PATH_FIELDS) {
    forEachAt(state, at, site.location, (value, location) => {
      if (typeof value === 'string') checkPathField(ctx, location, at[at.length - 1], value, kind);
    });
  }
  for (const path of [...TEMPLATE_FIELDS, ...ASSIGN_FIELDS]) {
    forEachAt(state, path, site.location, (value, location) => walkTemplate(ctx, value, location, 0));
  }
  for (const path of HAS_PATH_TWIN) {
    forEachAt(state, path, site.location, (value, location) => {
      if (typeof value === 'string' && looksLikePath(value)) {
        const name = path[path.length - 1];
        ctx.report(
          warning(
            'NO_PATH',
            location,
            `The value of "${name}" looks like a path: did you mean "${name}Path"?`,
          ),
        );
      }
    });
  }
  if (site.type === 'Pass' && has(state, 'Result'))
    checkStaticResult(ctx, state.Result, pointer(site.location, 'Result'), 0);
}

function checkPathField(
  ctx: ValidationContext,
  location: string,
  name: string,
  value: string,
  kind: PathKind,
): void {
  let verdict: Verdict;
  switch (kind) {
    case 'path':
      verdict = judgeJsonPath(value, ANY_ROOT);
      break;
    case 'reference':
      verdict = judgeReferencePath(value, ANY_ROOT);
      break;
    case 'result':
      verdict = judgeReferencePath(value, INPUT_ROOT_ONLY);
      break;
    case 'reference-or-intrinsic':
      verdict = value.startsWith('States.') ? judgeIntrinsic(value) : judgeReferencePath(value, ANY_ROOT);
      break;
  }
  const what =
    kind === 'path'
      ? 'a valid JSONPath'
      : kind === 'reference-or-intrinsic'
        ? 'a valid reference path or intrinsic function call'
        : 'a valid reference path';
  reportVerdict(
    ctx,
    location,
    verdict,
    (problem) => `The value for the field '${name}' must be ${what}: ${problem.message}`,
  );
}

/** Reports a verdict: a malformed expression is an ERROR; one only our evaluator cannot read yet, a WARNING. */
export function reportVerdict(
  ctx: ValidationContext,
  location: string,
  verdict: Verdict,
  describeProblem: (problem: ExpressionProblem) => string,
): void {
  if (verdict.problem)
    ctx.report(error('SCHEMA_VALIDATION_FAILED', location, describeProblem(verdict.problem)));
  if (verdict.unsupported) {
    ctx.report(
      warning(
        'UNSUPPORTED_EXPRESSION',
        location,
        `AWS accepts this expression, but this engine cannot evaluate it yet: ${verdict.unsupported.message}`,
      ),
    );
  }
}

/** Walks a payload template: `.$` keys must hold a path or intrinsic call, other keys hold literals. */
function walkTemplate(ctx: ValidationContext, value: unknown, location: string, depth: number): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkTemplate(ctx, item, pointer(location, i), depth + 1));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const at = pointer(location, key);
    if (key.endsWith('.$')) {
      const plain = key.slice(0, -2);
      if (has(value, plain)) {
        ctx.report(
          error('SCHEMA_VALIDATION_FAILED', at, `"${key}" and "${plain}" both set the field "${plain}"`),
        );
      }
      const verdict: Verdict =
        typeof item === 'string'
          ? judgeDynamicValue(item)
          : { problem: { message: 'it is not a string', position: 0 } };
      reportVerdict(
        ctx,
        at,
        verdict,
        (problem) =>
          `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call: ${problem.message}`,
      );
    } else if (typeof item === 'string') {
      if (looksLikeIntrinsic(item) || /^\$\$?[.[]/.test(item)) {
        ctx.report(
          warning(
            'NO_DOLLAR',
            at,
            `The value of "${key}" looks like a path or intrinsic call: did you mean "${key}.$"?`,
          ),
        );
      }
    } else {
      walkTemplate(ctx, item, at, depth + 1);
    }
  }
}

/** Judges the value of a `.$` field: a JSONPath (`$.x`, `$$.x`, `$var`) or an intrinsic call. */
export function judgeDynamicValue(value: string): Verdict {
  if (value.startsWith('States.')) return judgeIntrinsic(value);
  if (value.startsWith('$')) return judgeJsonPath(value, ANY_ROOT);
  return { problem: { message: "it must start with '$' or 'States.'", position: 0 } };
}

/** A Pass state's Result is never evaluated: `.$` keys in it are almost certainly meant for Parameters. */
function checkStaticResult(ctx: ValidationContext, value: unknown, location: string, depth: number): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (Array.isArray(value))
    value.forEach((v, i) => checkStaticResult(ctx, v, pointer(location, i), depth + 1));
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = pointer(location, key);
      if (key.endsWith('.$')) {
        ctx.report(
          warning(
            'PASS_RESULT_IS_STATIC',
            at,
            `Result is static: "${key}" is not evaluated here (use Parameters)`,
          ),
        );
      }
      checkStaticResult(ctx, item, at, depth + 1);
    }
  }
}

function checkJsonataState(ctx: ValidationContext, site: StateSite, state: Obj, found: Expression[]): void {
  for (const [key, value] of Object.entries(state)) {
    if (!NOT_EVALUATED.has(key)) walkJsonata(ctx, value, pointer(site.location, key), 0, found);
  }
  for (const path of [
    ['Catch', '*', 'Output'],
    ['Catch', '*', 'Assign'],
    ['Choices', '*', 'Condition'],
    ['Choices', '*', 'Output'],
    ['Choices', '*', 'Assign'],
  ]) {
    forEachAt(state, path, site.location, (value, location) => walkJsonata(ctx, value, location, 0, found));
  }
}

/** Walks a JSONata-state value: every `{% %}` string must parse; half-delimited strings are mistakes. */
function walkJsonata(
  ctx: ValidationContext,
  value: unknown,
  location: string,
  depth: number,
  found: Expression[],
): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (typeof value === 'string') {
    const opens = value.startsWith('{%');
    const closes = value.endsWith('%}');
    if (opens && closes && value.length >= 4) {
      found.push({ value, location });
    } else if (opens || closes) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          location,
          opens
            ? "This JSONata expression starts with '{%' but does not end with '%}'"
            : "This JSONata expression ends with '%}' but does not start with '{%'",
        ),
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walkJsonata(ctx, v, pointer(location, i), depth + 1, found));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value))
      walkJsonata(ctx, item, pointer(location, key), depth + 1, found);
  }
}
