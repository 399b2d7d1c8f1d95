/** A deterministic {@link EvalEnv} for unit tests. */
import type { Json, JsonObject } from '../../../../src/asl/types';
import type { EvalEnv } from '../../../../src/dataflow/env';

/** An environment with the given variables and context, a fixed random sequence and counting uuids. */
export function testEnv(
  options: { variables?: Record<string, Json>; context?: JsonObject; random?: number } = {},
): EvalEnv {
  let uuids = 0;
  return {
    context: options.context ?? { Execution: { Name: 'exec', Input: { a: 1 } }, State: { Name: 'S' } },
    variables: options.variables ?? {},
    random: () => options.random ?? 0.5,
    uuid: () => `00000000-0000-4000-8000-${String((uuids += 1)).padStart(12, '0')}`,
  };
}
