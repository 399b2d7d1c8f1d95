/** Evaluates intrinsic function calls (`States.X(...)`) of JSONPath payload templates. */
import type { Json } from '../../asl/types';
import {
  type IntrinsicArgument,
  type IntrinsicCall,
  parseIntrinsic,
} from '../../asl/expressions/intrinsic-parser';
import type { EvalEnv } from '../env';
import { intrinsicFailure } from '../errors';
import { evaluatePath } from '../jsonpath';
import { pathNotFoundInField } from '../payload-messages';
import { INTRINSICS } from './registry';
import { checkArguments } from './signature';

const cache = new Map<string, IntrinsicCall>();

/** The parsed form of an intrinsic call, parsed once per distinct text; a syntax error is `States.IntrinsicFailure`. */
export function compileIntrinsic(text: string): IntrinsicCall {
  let call = cache.get(text);
  if (!call) {
    const parsed = parseIntrinsic(text);
    if (!parsed.ok) throw intrinsicFailure(parsed.error.message);
    call = parsed.call;
    cache.set(text, call);
  }
  return call;
}

/** Evaluates a call against the state's data and environment; `field` names the template key for messages. */
export function evaluateIntrinsic(call: IntrinsicCall, data: Json, env: EvalEnv, field: string): Json {
  const definition = INTRINSICS.get(call.name);
  if (!definition) throw intrinsicFailure(`The function ${call.name} is not a supported intrinsic function.`);
  const args: Json[] = [];
  for (let i = 0; i < call.args.length; i += 1) args.push(argumentValue(call.args[i], data, env, field));
  checkArguments(definition.signature, args);
  return definition.run(args, { env, rawLiterals: rawLiteralsOf(call) });
}

// The raw literals depend on the parsed call alone, so they are listed once per call rather than once per run.
const rawLiterals = new WeakMap<IntrinsicCall, readonly (string | undefined)[]>();

function rawLiteralsOf(call: IntrinsicCall): readonly (string | undefined)[] {
  let raw = rawLiterals.get(call);
  if (!raw) {
    raw = call.args.map((arg) => (arg.kind === 'string' ? arg.raw : undefined));
    rawLiterals.set(call, raw);
  }
  return raw;
}

function argumentValue(arg: IntrinsicArgument, data: Json, env: EvalEnv, field: string): Json {
  switch (arg.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return arg.value;
    case 'null':
      return null;
    case 'path': {
      const outcome = evaluatePath(arg.path, data, env);
      if (!outcome.found) throw pathNotFoundInField(arg.path.text, field, data);
      return outcome.value;
    }
    case 'call':
      return evaluateIntrinsic(arg.call, data, env, field);
  }
}
