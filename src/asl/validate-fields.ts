/**
 * Rules across the fields of one state: fields that exclude each other, fields that belong to the other query
 * language, timeouts that contradict each other, Map configuration and labels, Fail error names, Credentials.
 */
import { type Diagnostic, error, pointer } from './diagnostics';
import { STATES_ERRORS } from './errors';
import {
  field,
  has,
  isObject,
  type Obj,
  type StateSite,
  type ValidationContext,
  forEachAt,
} from './validate-context';

/** Groups of fields of which at most one may appear, per state type (`*` for every type), with a relative path. */
const EXCLUSIVE: readonly {
  readonly types: readonly string[];
  readonly at: readonly string[];
  readonly fields: readonly string[];
}[] = [
  { types: ['Wait'], at: [], fields: ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'] },
  { types: ['Task'], at: [], fields: ['TimeoutSeconds', 'TimeoutSecondsPath'] },
  { types: ['Task'], at: [], fields: ['HeartbeatSeconds', 'HeartbeatSecondsPath'] },
  { types: ['Fail'], at: [], fields: ['Error', 'ErrorPath'] },
  { types: ['Fail'], at: [], fields: ['Cause', 'CausePath'] },
  { types: ['Map'], at: [], fields: ['ItemsPath', 'Items'] },
  { types: ['Map'], at: [], fields: ['ItemProcessor', 'Iterator'] },
  { types: ['Map'], at: [], fields: ['ItemSelector', 'Parameters'] },
  { types: ['Map'], at: [], fields: ['MaxConcurrency', 'MaxConcurrencyPath'] },
  { types: ['Map'], at: [], fields: ['ToleratedFailureCount', 'ToleratedFailureCountPath'] },
  { types: ['Map'], at: [], fields: ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'] },
  { types: ['Map'], at: ['ItemReader', 'ReaderConfig'], fields: ['MaxItems', 'MaxItemsPath'] },
  { types: ['Map'], at: ['ItemBatcher'], fields: ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'] },
  { types: ['Map'], at: ['ItemBatcher'], fields: ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'] },
];

/** Fields only JSONPath states have (relative paths; `Catch/*` means every catcher). */
const JSONPATH_ONLY: readonly (readonly string[])[] = [
  ['InputPath'],
  ['OutputPath'],
  ['Parameters'],
  ['ResultSelector'],
  ['ResultPath'],
  ['Result'],
  ['ItemsPath'],
  ['SecondsPath'],
  ['TimestampPath'],
  ['TimeoutSecondsPath'],
  ['HeartbeatSecondsPath'],
  ['ErrorPath'],
  ['CausePath'],
  ['MaxConcurrencyPath'],
  ['ToleratedFailureCountPath'],
  ['ToleratedFailurePercentagePath'],
  ['ItemReader', 'Parameters'],
  ['ItemReader', 'ReaderConfig', 'MaxItemsPath'],
  ['ItemBatcher', 'MaxItemsPerBatchPath'],
  ['ItemBatcher', 'MaxInputBytesPerBatchPath'],
  ['ResultWriter', 'Parameters'],
  ['Catch', '*', 'ResultPath'],
];

/** Fields only JSONata states have. */
const JSONATA_ONLY: readonly (readonly string[])[] = [
  ['Arguments'],
  ['Output'],
  ['Items'],
  ['ItemReader', 'Arguments'],
  ['ResultWriter', 'Arguments'],
  ['Catch', '*', 'Output'],
];

/** The predefined error names. */
const PREDEFINED_ERRORS: ReadonlySet<string> = new Set(Object.values(STATES_ERRORS));

/** AWS's limit on a Map Label's length. */
export const MAX_LABEL_LENGTH = 40;

/** Characters AWS does not allow in a Map Label (blanks, brackets, wildcards, punctuation, control characters). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern rejects
const LABEL_FORBIDDEN = new RegExp('[\\s<>{}[\\]?*"#%\\\\^|~`$&,;:/\\u0000-\\u001f\\u007f-\\u009f]');

/** Checks the cross-field rules of every state. */
export function validateFields(ctx: ValidationContext): void {
  const labels = new Map<string, string>();
  for (const site of ctx.states) {
    const state = site.value;
    if (!state || !site.type) continue;
    checkExclusive(ctx, site, state);
    checkQueryLanguage(ctx, site, state);
    switch (site.type) {
      case 'Task':
        checkTimeouts(ctx, site, state);
        checkCredentials(ctx, site, state);
        break;
      case 'Fail':
        checkFailError(ctx, site, state);
        break;
      case 'Map':
        checkMap(ctx, site, state);
        checkLabel(ctx, site, state, labels);
        break;
      default:
        break;
    }
  }
}

function checkExclusive(ctx: ValidationContext, site: StateSite, state: Obj): void {
  for (const group of EXCLUSIVE) {
    if (!group.types.includes(site.type as string)) continue;
    let holder: unknown = state;
    for (const key of group.at) holder = field(holder, key);
    if (!isObject(holder)) continue;
    const present = group.fields.filter((f) => has(holder as Obj, f));
    if (present.length > 1) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          pointer(site.location, ...group.at, present[1]),
          `${present.map((f) => `"${f}"`).join(' and ')} are mutually exclusive: use only one of ${group.fields.join(', ')}`,
        ),
      );
    }
  }
  if (
    site.type === 'Wait' &&
    !['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].some((f) => has(state, f))
  ) {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        site.location,
        'A Wait state needs one of Seconds, SecondsPath, Timestamp, TimestampPath',
      ),
    );
  }
}

function checkQueryLanguage(ctx: ValidationContext, site: StateSite, state: Obj): void {
  if (site.scope.executionLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        site.location,
        "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
      ),
    );
  }
  const [foreign, own, hint] =
    site.language === 'JSONata'
      ? [JSONPATH_ONLY, 'JSONata', 'JSONata states use Arguments, Output, Assign and {% %} expressions']
      : [JSONATA_ONLY, 'JSONPath', 'set "QueryLanguage": "JSONata" to use it'];
  for (const path of foreign) {
    forEachAt(state, path, site.location, (_value, location) => {
      const name = path[path.length - 1];
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          location,
          `The field "${name}" is not supported in a ${own} state: ${hint}`,
        ),
      );
    });
  }
}

function checkTimeouts(ctx: ValidationContext, site: StateSite, state: Obj): void {
  const timeout = state.TimeoutSeconds;
  const heartbeat = state.HeartbeatSeconds;
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(site.location, 'HeartbeatSeconds'),
        `HeartbeatSeconds (${heartbeat}) must be smaller than TimeoutSeconds (${timeout})`,
      ),
    );
  }
}

function checkCredentials(ctx: ValidationContext, site: StateSite, state: Obj): void {
  const credentials = state.Credentials;
  if (!isObject(credentials)) return;
  const location = pointer(site.location, 'Credentials');
  const roleKeys = site.language === 'JSONata' ? ['RoleArn'] : ['RoleArn', 'RoleArn.$'];
  if (!roleKeys.some((k) => has(credentials, k))) {
    ctx.report(
      error('SCHEMA_VALIDATION_FAILED', location, "The field 'RoleArn' is required but was missing"),
    );
  }
  for (const key of Object.keys(credentials)) {
    if (!roleKeys.includes(key)) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          pointer(location, key),
          `The field "${key}" is not supported in Credentials`,
        ),
      );
    }
  }
}

function checkFailError(ctx: ValidationContext, site: StateSite, state: Obj): void {
  const name = state.Error;
  if (typeof name === 'string' && name.startsWith('States.') && !PREDEFINED_ERRORS.has(name)) {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(site.location, 'Error'),
        `"${name}" uses the reserved "States." prefix but is not a predefined error name`,
      ),
    );
  }
}

function checkMap(ctx: ValidationContext, site: StateSite, state: Obj): void {
  if (!has(state, 'ItemProcessor') && !has(state, 'Iterator')) {
    ctx.report(
      error('SCHEMA_VALIDATION_FAILED', site.location, 'These fields are required: [ItemProcessor]'),
    );
  }
  for (const key of ['ItemProcessor', 'Iterator']) {
    const config = field(field(state, key), 'ProcessorConfig');
    if (field(config, 'Mode') === 'DISTRIBUTED' && !has(config as Obj, 'ExecutionType')) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          pointer(site.location, key, 'ProcessorConfig'),
          'A DISTRIBUTED Map needs an ExecutionType (STANDARD or EXPRESS)',
        ),
      );
    }
  }
}

function checkLabel(ctx: ValidationContext, site: StateSite, state: Obj, labels: Map<string, string>): void {
  const label = state.Label;
  if (typeof label !== 'string') return;
  const location = pointer(site.location, 'Label');
  const problems: Diagnostic[] = [];
  if (label.length === 0 || [...label].length > MAX_LABEL_LENGTH) {
    problems.push(
      error('INVALID_LABEL_NAME', location, `A Map Label must have 1 to ${MAX_LABEL_LENGTH} characters`),
    );
  } else if (LABEL_FORBIDDEN.test(label)) {
    problems.push(
      error(
        'INVALID_LABEL_NAME',
        location,
        `The Map Label "${label}" contains a character that is not allowed`,
      ),
    );
  }
  const first = labels.get(label);
  if (first !== undefined) {
    problems.push(
      error('DUPLICATE_LABEL_NAME', location, `The Map Label "${label}" is already used at ${first}`),
    );
  } else {
    labels.set(label, location);
  }
  for (const d of problems) ctx.report(d);
}
