/**
 * Declarative signatures of the intrinsic functions: argument types and bounds are checked here, once, so each
 * implementation only does its work.
 */
import type { Json } from '../../asl/types';
import type { EvalEnv } from '../env';
import { intrinsicFailure } from '../errors';
import { jsonType, type JsonTypeName, toJsonText } from '../json';

/** The constraints on one argument. */
export interface ArgumentSpec {
  /** The JSON types accepted; 'any' accepts every value. */
  readonly types: readonly (JsonTypeName | 'any')[];
  /** Numbers must be integers. */
  readonly integer?: boolean;
  /** Lowest accepted number. */
  readonly min?: number;
  /** Highest accepted number. */
  readonly max?: number;
  /** Longest accepted string, in characters. */
  readonly maxLength?: number;
  /** The argument may be left out (only trailing arguments). */
  readonly optional?: boolean;
}

/** A function's name and arguments; `rest` describes any further arguments (States.Format, States.Array). */
export interface IntrinsicSignature {
  readonly name: string;
  readonly args: readonly ArgumentSpec[];
  readonly rest?: ArgumentSpec;
}

/** What an implementation gets besides its checked arguments. */
export interface IntrinsicContext {
  readonly env: EvalEnv;
  /** The raw text of string-literal arguments by position (States.Format needs its template's escapes). */
  readonly rawLiterals: readonly (string | undefined)[];
}

/** An intrinsic function: its signature and its work. */
export interface IntrinsicDefinition {
  readonly signature: IntrinsicSignature;
  readonly run: (args: readonly Json[], context: IntrinsicContext) => Json;
}

/** Checks the argument count and each argument against the signature, failing with `States.IntrinsicFailure`. */
export function checkArguments(signature: IntrinsicSignature, args: readonly Json[]): void {
  let required = 0;
  for (const a of signature.args) if (!a.optional) required += 1;
  const max = signature.rest ? Infinity : signature.args.length;
  if (args.length < required || args.length > max) {
    const expected =
      max === Infinity ? `at least ${required}` : required === max ? `${required}` : `${required} to ${max}`;
    throw intrinsicFailure(
      `The function ${signature.name} expects ${expected} argument${expected === '1' ? '' : 's'} but was given ${args.length}.`,
    );
  }
  for (let i = 0; i < args.length; i += 1) {
    const spec = signature.args[i] ?? signature.rest;
    if (spec) checkArgument(signature.name, spec, args[i], i);
  }
}

function checkArgument(name: string, spec: ArgumentSpec, value: Json, index: number): void {
  const position = ordinal(index + 1);
  const type = jsonType(value);
  if (!spec.types.includes('any') && !spec.types.includes(type)) {
    throw intrinsicFailure(
      `The ${position} argument of ${name} must be of type ${spec.types.join(' or ')}, but was ${type}: ${toJsonText(value)}`,
    );
  }
  if (typeof value === 'number') {
    if (spec.integer && !Number.isInteger(value)) {
      throw intrinsicFailure(`The ${position} argument of ${name} must be an integer, but was ${value}`);
    }
    if (spec.min !== undefined && value < spec.min) {
      throw intrinsicFailure(
        `The ${position} argument of ${name} must be at least ${spec.min}, but was ${value}`,
      );
    }
    if (spec.max !== undefined && value > spec.max) {
      throw intrinsicFailure(
        `The ${position} argument of ${name} must be at most ${spec.max}, but was ${value}`,
      );
    }
  }
  if (typeof value === 'string' && spec.maxLength !== undefined && value.length > spec.maxLength) {
    throw intrinsicFailure(
      `The ${position} argument of ${name} must be at most ${spec.maxLength} characters long, but was ${value.length}`,
    );
  }
}

const ORDINALS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth'];

function ordinal(n: number): string {
  return ORDINALS[n] ?? `${n}th`;
}
