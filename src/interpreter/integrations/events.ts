/**
 * EventBridge putEvents (AWS: connect-eventbridge): Entries is a list; EventBridge judges each entry (a missing
 * Source is its FailedEntry: the corpus's services/put_events_no_source).
 */
import type { StructureShape } from './shapes';

/** The PutEvents request. */
export const EVENTS_PUT_EVENTS: StructureShape = {
  fields: { Entries: 'list', EndpointId: 'string' },
};
