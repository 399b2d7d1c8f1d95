/** States.StringToJson: parses a JSON text. */
import type { Json } from '../../asl/types';
import { intrinsicFailure } from '../errors';
import type { IntrinsicDefinition } from './signature';

/** `States.StringToJson(text)`; an empty or blank text gives null, as AWS does. */
export const statesStringToJson: IntrinsicDefinition = {
  signature: { name: 'States.StringToJson', args: [{ types: ['string'] }] },
  run: ([text]) => {
    const source = text as string;
    if (source.trim() === '') return null;
    try {
      return JSON.parse(source) as Json;
    } catch {
      throw intrinsicFailure(`The argument of States.StringToJson is not a valid JSON text: ${source}`);
    }
  },
};
