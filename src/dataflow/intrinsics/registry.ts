/** Every intrinsic function by name. */
import type { IntrinsicDefinition } from './signature';
import { statesArray } from './states-array';
import { statesArrayContains } from './states-array-contains';
import { statesArrayGetItem } from './states-array-get-item';
import { statesArrayLength } from './states-array-length';
import { statesArrayPartition } from './states-array-partition';
import { statesArrayRange } from './states-array-range';
import { statesArrayUnique } from './states-array-unique';
import { statesBase64Decode } from './states-base64-decode';
import { statesBase64Encode } from './states-base64-encode';
import { statesFormat } from './states-format';
import { statesHash } from './states-hash';
import { statesJsonMerge } from './states-json-merge';
import { statesJsonToString } from './states-json-to-string';
import { statesMathAdd } from './states-math-add';
import { statesMathRandom } from './states-math-random';
import { statesStringSplit } from './states-string-split';
import { statesStringToJson } from './states-string-to-json';
import { statesUuid } from './states-uuid';

/** The 18 intrinsic functions of ASL, keyed by their full name (`States.Format`). */
export const INTRINSICS: ReadonlyMap<string, IntrinsicDefinition> = new Map(
  [
    statesFormat,
    statesStringToJson,
    statesJsonToString,
    statesArray,
    statesArrayPartition,
    statesArrayContains,
    statesArrayRange,
    statesArrayGetItem,
    statesArrayLength,
    statesArrayUnique,
    statesBase64Encode,
    statesBase64Decode,
    statesHash,
    statesJsonMerge,
    statesMathRandom,
    statesMathAdd,
    statesStringSplit,
    statesUuid,
  ].map((definition) => [definition.signature.name, definition]),
);
