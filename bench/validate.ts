/**
 * Validation speed on a definition near AWS's 1 MB limit: a generated machine mixing every state type, payload
 * templates, intrinsics, JSONata, Retry/Catch and nested Maps, so every rule family does real work.
 * Prints one JSON line per measurement.
 */
import { parseDefinition } from '../src/asl/parse';
import { validateStateMachine } from '../src/asl/validate';

/** AWS's maximum definition size. */
const AWS_LIMIT_BYTES = 1_048_576;

/** A block of states named with `i`, ending by going to `next`. */
function block(i: number, next: string): Record<string, unknown> {
  const fn = `arn:aws:lambda:us-east-1:123456789012:function:worker-${i}`;
  return {
    [`Prepare ${i}`]: {
      Type: 'Pass',
      Parameters: {
        'orderId.$': '$.order.id',
        'items.$': '$.order.items[?(@.quantity > 0)]',
        'label.$': `States.Format('order {} step ${i}', $.order.id)`,
        constant: { nested: [1, 2, 3], text: 'a static value' },
      },
      ResultPath: '$.prepared',
      Next: `Call ${i}`,
    },
    [`Call ${i}`]: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: fn, 'Payload.$': '$.prepared' },
      ResultSelector: { 'body.$': '$.Payload', 'status.$': '$.StatusCode' },
      ResultPath: '$.result',
      TimeoutSeconds: 30,
      HeartbeatSeconds: 10,
      Retry: [
        {
          ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
          IntervalSeconds: 2,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 1 },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: `Failed ${i}` }],
      Next: `Route ${i}`,
    },
    [`Route ${i}`]: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.result.status', NumericEquals: 200, Next: `Fan out ${i}` },
        {
          And: [
            { Variable: '$.result.body.retry', IsPresent: true },
            { Variable: '$.result.body.retry', BooleanEquals: true },
          ],
          Next: `Wait ${i}`,
        },
      ],
      Default: `Failed ${i}`,
    },
    [`Wait ${i}`]: { Type: 'Wait', SecondsPath: '$.result.body.delay', Next: `Call ${i}` },
    [`Fan out ${i}`]: {
      Type: 'Map',
      ItemsPath: '$.prepared.items',
      MaxConcurrency: 10,
      ItemSelector: { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      ItemProcessor: {
        StartAt: `Transform ${i}`,
        States: {
          [`Transform ${i}`]: {
            Type: 'Pass',
            QueryLanguage: 'JSONata',
            // Distinct expressions per block, so nothing can be served from a cache.
            Output: {
              sku: `{% $states.input.item.sku & '-${i}' %}`,
              total: `{% $states.input.item.price * $states.input.item.quantity + ${i} %}`,
            },
            Assign: { [`seen${i}`]: `{% $count($states.input) + ${i} %}` },
            End: true,
          },
        },
      },
      ResultPath: '$.mapped',
      Next: next,
    },
    [`Failed ${i}`]: {
      Type: 'Fail',
      Error: 'OrderFailed',
      CausePath: `States.Format('step ${i} failed: {}', $.error.Cause)`,
    },
  };
}

/** A machine whose JSON text is just under `bytes`. */
export function generateDefinition(bytes: number): { definition: Record<string, unknown>; text: string } {
  const states: Record<string, unknown> = {};
  const one = JSON.stringify(block(0, 'Done')).length;
  const count = Math.max(1, Math.floor((bytes - 200) / (one + 20)));
  for (let i = 0; i < count; i += 1)
    Object.assign(states, block(i, i + 1 < count ? `Prepare ${i + 1}` : 'Done'));
  states.Done = { Type: 'Succeed' };
  const definition = {
    Comment: 'generated for the validation benchmark',
    StartAt: 'Prepare 0',
    States: states,
  };
  return { definition, text: JSON.stringify(definition) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function main(): void {
  const { definition, text } = generateDefinition(AWS_LIMIT_BYTES - 48_576);
  const bytes = Buffer.byteLength(text);
  let errors = 0;
  const cold = time(() => {
    errors = validateStateMachine(definition).filter((d) => d.severity === 'ERROR').length;
  });
  if (errors > 0) throw new Error(`the generated definition should be valid, got ${errors} error(s)`);
  // Steady state: a long-running importer or worker validates many definitions; let the JIT settle first.
  for (let i = 0; i < 3; i += 1) validateStateMachine(definition);
  const warm = median(Array.from({ length: 5 }, () => time(() => validateStateMachine(definition))));
  const withParse = median(
    Array.from({ length: 3 }, () =>
      time(() => {
        const parsed = parseDefinition(text);
        validateStateMachine(parsed.definition);
      }),
    ),
  );
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  console.log(JSON.stringify({ name: 'validate-1mb', ms: round(warm), bytes }));
  // First call in a fresh process: includes compiling the JSON schemas and a cold JIT.
  console.log(JSON.stringify({ name: 'validate-1mb-cold', ms: round(cold), bytes }));
  console.log(JSON.stringify({ name: 'parse-and-validate-1mb', ms: round(withParse), bytes }));
}

if (require.main === module) main();
