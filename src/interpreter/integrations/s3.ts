/** S3's optimized actions (getObject, putObject, listObjectsV2): a putObject Body may be any JSON. */
import type { StructureShape } from './shapes';

/** The fields the three actions share or add. */
export const S3_OBJECT_ACTION: StructureShape = {
  fields: {
    Bucket: 'string',
    Key: 'string',
    Body: 'json',
    Prefix: 'string',
    Delimiter: 'string',
    ContinuationToken: 'string',
    StartAfter: 'string',
    MaxKeys: 'integer',
    ContentType: 'string',
    Metadata: 'object',
  },
};
