// The combinator library the hand-written pattern workflows are built on: ASL's state semantics as functions.
export { type Branch, parallel } from './parallel';
export { map, type MapOptions, type TolerantMapOptions } from './map';
export { choice, type ChoiceRule } from './choice';
export { wait, type WaitFor } from './wait';
export { type Catcher, type CatchOptions, type ErrorOutput, withCatch } from './catch';
export { retry } from './retry';
export { type AslError, aslErrorOf, failWith } from './errors';
export { asExecution } from './execution';
