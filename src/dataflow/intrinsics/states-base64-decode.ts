/** States.Base64Decode: the UTF-8 text a base64 string encodes. */
import { base64Decode } from '../codec/base64';
import { utf8Decode } from '../codec/utf8';
import { intrinsicFailure } from '../errors';
import { BASE64_MAX_LENGTH } from './states-base64-encode';
import type { IntrinsicDefinition } from './signature';

/** `States.Base64Decode(base64)`. */
export const statesBase64Decode: IntrinsicDefinition = {
  signature: { name: 'States.Base64Decode', args: [{ types: ['string'], maxLength: BASE64_MAX_LENGTH }] },
  run: ([text]) => {
    const bytes = base64Decode(text as string);
    if (!bytes)
      throw intrinsicFailure(`The argument of States.Base64Decode is not valid base64: ${text as string}`);
    return utf8Decode(bytes);
  },
};
