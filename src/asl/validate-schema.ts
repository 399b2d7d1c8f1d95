/**
 * Shapes and types of fields, checked with ajv against `schema/state-machine.schema.ts`, and ajv's errors turned
 * into SCHEMA_VALIDATION_FAILED diagnostics located at the field, with messages a person can act on.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { type Diagnostic, error, pointer } from './diagnostics';
import {
  type JsonSchema,
  machineSchema,
  STATE_TYPES,
  stateSchema,
  STRING_FORMATS,
} from './schema/state-machine.schema';
import type { QueryLanguage, StateType } from './types';
import { type ValidationContext } from './validate-context';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function newAjv(): Ajv {
  const instance = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  instance.addVocabulary(['errorText']);
  for (const [name, format] of Object.entries(STRING_FORMATS))
    instance.addFormat(name, { type: 'string', validate: format.validate });
  return instance;
}

/** Compiles a schema once per key (compiling is the slow part of ajv; validating is fast). */
function validator(key: string, build: () => JsonSchema): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    ajv ??= newAjv();
    fn = ajv.compile(build());
    compiled.set(key, fn);
  }
  return fn;
}

/** Checks the top level and every state against their schemas. */
export function validateSchema(ctx: ValidationContext): void {
  const top = validator('machine', machineSchema);
  if (!top(ctx.root)) for (const d of toDiagnostics(top.errors ?? [], '')) ctx.report(d);

  for (const site of ctx.states) {
    if (!site.value) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          site.location,
          `expected a state object but got ${describe(site.raw)}`,
        ),
      );
      continue;
    }
    if (!site.type || !(STATE_TYPES as readonly string[]).includes(site.type)) {
      const type = site.value.Type;
      ctx.report(
        type === undefined
          ? error('SCHEMA_VALIDATION_FAILED', site.location, 'These fields are required: [Type]')
          : error(
              'SCHEMA_VALIDATION_FAILED',
              pointer(site.location, 'Type'),
              `expected one of ${STATE_TYPES.join(', ')} but got ${describe(type)}`,
            ),
      );
      continue;
    }
    const language: QueryLanguage = site.language;
    const fn = validator(`${site.type}/${language}`, () => stateSchema(site.type as StateType, language));
    if (!fn(site.value)) for (const d of toDiagnostics(fn.errors ?? [], site.location)) ctx.report(d);
  }
}

/** Turns ajv errors into diagnostics: one per problem, `required` grouped per object as AWS does. */
export function toDiagnostics(errors: readonly ErrorObject[], base: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const required = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'required') {
      const list = required.get(e.instancePath) ?? [];
      list.push(String((e.params as { missingProperty: string }).missingProperty));
      required.set(e.instancePath, list);
    }
  }
  for (const [path, fields] of required) {
    out.push(
      error('SCHEMA_VALIDATION_FAILED', base + path, `These fields are required: [${fields.join(', ')}]`),
    );
  }
  for (const e of errors) {
    if (e.keyword === 'required') continue;
    const mapped = describeError(e, base);
    if (mapped) out.push(mapped);
  }
  return out;
}

function describeError(e: ErrorObject, base: string): Diagnostic | undefined {
  const at = base + e.instancePath;
  const got = describe(e.data);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(at, name),
        `The field "${name}" is not supported by Step Functions`,
      );
    }
    case 'type': {
      const text = textOf(e) ?? withArticle(String(params.type).replace(/,/g, ' or '));
      return error('SCHEMA_VALIDATION_FAILED', at, `expected ${text} but got ${got}`);
    }
    case 'enum':
      return error(
        'SCHEMA_VALIDATION_FAILED',
        at,
        `expected one of ${(params.allowedValues as unknown[]).map(String).join(', ')} but got ${got}`,
      );
    case 'pattern':
      return error(
        'SCHEMA_VALIDATION_FAILED',
        at,
        `expected ${textOf(e) ?? `a string matching ${String(params.pattern)}`} but got ${got}`,
      );
    case 'format': {
      const format = STRING_FORMATS[String(params.format)];
      return error('SCHEMA_VALIDATION_FAILED', at, format?.message ?? `expected a ${String(params.format)}`);
    }
    case 'minimum':
      return error(
        'SCHEMA_VALIDATION_FAILED',
        at,
        `expected a value >= ${String(params.limit)} but got ${got}`,
      );
    case 'maximum':
      return error(
        'SCHEMA_VALIDATION_FAILED',
        at,
        `expected a value <= ${String(params.limit)} but got ${got}`,
      );
    case 'minItems':
      return error(
        'SCHEMA_VALIDATION_FAILED',
        at,
        `expected at least ${String(params.limit)} item(s) but got none`,
      );
    case 'minLength':
      return error('SCHEMA_VALIDATION_FAILED', at, 'expected a non-empty string');
    default:
      return error('SCHEMA_VALIDATION_FAILED', at, e.message ?? `failed ${e.keyword}`);
  }
}

/** The schema's own description of what it expects (`errorText`), when it has one. */
function textOf(e: ErrorObject): string | undefined {
  const text = (e.parentSchema as { errorText?: unknown } | undefined)?.errorText;
  return typeof text === 'string' ? text : undefined;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** A short, quoted rendering of a value for messages (`"Tsk"`, `42`, `an object`, `an array`). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}
