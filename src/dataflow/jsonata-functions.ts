/**
 * The functions AWS adds to JSONata ($partition, $range, $hash, $random, $uuid, $parse), and the one it removes
 * ($eval). Randomness and uuids come from the runtime port, so they are bound per evaluation.
 */
import type { Json } from '../asl/types';
import type { EvalEnv } from './env';
import { statesArrayPartition } from './intrinsics/states-array-partition';
import { statesArrayRange } from './intrinsics/states-array-range';
import { statesHash } from './intrinsics/states-hash';
import { javaRandomNextInt } from './intrinsics/states-math-random';
import type { IntrinsicDefinition } from './intrinsics/signature';
import { checkArguments } from './intrinsics/signature';

/** A function registered on a compiled expression, with its JSONata signature. */
export interface StaticJsonataFunction {
  readonly name: string;
  readonly signature: string;
  readonly implementation: (...args: Json[]) => Json;
}

/** Runs an intrinsic implementation as a JSONata function (same checks, same work). */
function fromIntrinsic(definition: IntrinsicDefinition): (...args: Json[]) => Json {
  return (...args) => {
    checkArguments(definition.signature, args);
    return definition.run(args, {
      env: { context: {}, variables: {}, random: () => 0, uuid: () => '' },
      rawLiterals: [],
    });
  };
}

/** The functions that need nothing from the runtime: registered once per compiled expression. */
export const STATIC_JSONATA_FUNCTIONS: readonly StaticJsonataFunction[] = [
  { name: 'partition', signature: '<an:a>', implementation: fromIntrinsic(statesArrayPartition) },
  { name: 'range', signature: '<nnn:a>', implementation: fromIntrinsic(statesArrayRange) },
  { name: 'hash', signature: '<ss:s>', implementation: fromIntrinsic(statesHash) },
  { name: 'parse', signature: '<s:j>', implementation: (text) => JSON.parse(text as string) as Json },
];

/** Bindings made for each evaluation: the runtime's randomness and uuids, and `$eval` made uncallable as on AWS. */
export function runtimeBindings(env: EvalEnv): Record<string, unknown> {
  return {
    random: (seed?: number) =>
      seed === undefined ? env.random() : javaRandomNextInt(seed, 2 ** 31) / 2 ** 31,
    uuid: () => env.uuid(),
    // A non-function value: calling `$eval(...)` fails with T1006, as calling any unknown function does on AWS.
    eval: 0,
  };
}
