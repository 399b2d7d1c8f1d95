/** States.Hash: the hex digest of a string's UTF-8 bytes. */
import { md5Hex } from '../codec/md5';
import { sha1Hex } from '../codec/sha1';
import { sha256Hex } from '../codec/sha256';
import { sha384Hex, sha512Hex } from '../codec/sha512';
import { utf8Encode } from '../codec/utf8';
import { intrinsicFailure } from '../errors';
import type { IntrinsicDefinition } from './signature';

const ALGORITHMS: Readonly<Record<string, (bytes: readonly number[]) => string>> = {
  MD5: md5Hex,
  'SHA-1': sha1Hex,
  'SHA-256': sha256Hex,
  'SHA-384': sha384Hex,
  'SHA-512': sha512Hex,
};

/** `States.Hash(text, algorithm)` with MD5, SHA-1, SHA-256, SHA-384 or SHA-512. */
export const statesHash: IntrinsicDefinition = {
  signature: {
    name: 'States.Hash',
    args: [{ types: ['string'], maxLength: 10000 }, { types: ['string'] }],
  },
  run: ([text, algorithm]) => {
    const hash = Object.prototype.hasOwnProperty.call(ALGORITHMS, algorithm as string)
      ? ALGORITHMS[algorithm as string]
      : undefined;
    if (!hash) {
      throw intrinsicFailure(
        `The hashing algorithm '${algorithm as string}' of States.Hash is not supported; use one of ${Object.keys(ALGORITHMS).join(', ')}.`,
      );
    }
    return hash(utf8Encode(text as string));
  },
};
