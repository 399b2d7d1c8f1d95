/**
 * Retry and Catch: `States.ALL` must stand alone and come last (nothing after it could ever match), and `States.*`
 * names must be ones ASL defines.
 */
import { error, pointer, warning } from './diagnostics';
import { STATES_ERRORS } from './errors';
import { field, type ValidationContext } from './validate-context';

const PREDEFINED_ERRORS: ReadonlySet<string> = new Set(Object.values(STATES_ERRORS));

/** Checks every retrier and catcher's ErrorEquals. */
export function validateErrorHandling(ctx: ValidationContext): void {
  for (const site of ctx.states) {
    if (!site.value) continue;
    for (const key of ['Retry', 'Catch'] as const) {
      const list = site.value[key];
      if (!Array.isArray(list)) continue;
      list.forEach((entry, index) => {
        const errorEquals = field(entry, 'ErrorEquals');
        if (!Array.isArray(errorEquals)) return;
        const location = pointer(site.location, key, index, 'ErrorEquals');
        const what = key === 'Retry' ? 'retrier' : 'catcher';
        if (errorEquals.includes(STATES_ERRORS.ALL)) {
          if (errorEquals.length > 1) {
            ctx.report(
              error(
                'SCHEMA_VALIDATION_FAILED',
                location,
                `"States.ALL" must be the only error name in its ErrorEquals`,
              ),
            );
          }
          if (index !== list.length - 1) {
            ctx.report(
              error(
                'SCHEMA_VALIDATION_FAILED',
                location,
                `A ${what} with "States.ALL" must be the last in ${key}: the ones after it could never match`,
              ),
            );
          }
        }
        errorEquals.forEach((name, i) => {
          if (typeof name === 'string' && name.startsWith('States.') && !PREDEFINED_ERRORS.has(name)) {
            ctx.report(
              warning(
                'UNKNOWN_STATES_ERROR',
                pointer(location, i),
                `"${name}" is not a predefined States.* error name`,
              ),
            );
          }
        });
      });
    }
  }
}
