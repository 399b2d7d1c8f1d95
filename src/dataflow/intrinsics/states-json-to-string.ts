/** States.JsonToString: serialises a value to compact JSON text. */
import { toJsonText } from '../json';
import type { IntrinsicDefinition } from './signature';

/** `States.JsonToString(value)`. */
export const statesJsonToString: IntrinsicDefinition = {
  signature: { name: 'States.JsonToString', args: [{ types: ['any'] }] },
  run: ([value]) => toJsonText(value),
};
