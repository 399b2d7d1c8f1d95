/** States.Base64Encode: the base64 of a string's UTF-8 bytes. */
import { base64Encode } from '../codec/base64';
import { utf8Encode } from '../codec/utf8';
import type { IntrinsicDefinition } from './signature';

/** AWS's limit on the input of the base64 functions, in characters. */
export const BASE64_MAX_LENGTH = 10000;

/** `States.Base64Encode(text)`. */
export const statesBase64Encode: IntrinsicDefinition = {
  signature: { name: 'States.Base64Encode', args: [{ types: ['string'], maxLength: BASE64_MAX_LENGTH }] },
  run: ([text]) => base64Encode(utf8Encode(text as string)),
};
