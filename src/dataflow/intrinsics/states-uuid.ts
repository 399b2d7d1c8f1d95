/** States.UUID: a v4 uuid from the runtime port. */
import type { IntrinsicDefinition } from './signature';

/** `States.UUID()`. */
export const statesUuid: IntrinsicDefinition = {
  signature: { name: 'States.UUID', args: [] },
  run: (_args, { env }) => env.uuid(),
};
