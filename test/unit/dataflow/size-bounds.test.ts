import fc from 'fast-check';
import { type Json, type JsonObject } from '../../../src/asl/types';
import { payloadSize } from '../../../src/dataflow/limits';
import { applyInputPath, applyResultPath } from '../../../src/dataflow/paths';
import { evaluatePayloadTemplate } from '../../../src/dataflow/payload';
import { measuredSize, placedBound, selectedBound, templateBound } from '../../../src/dataflow/size-bounds';
import { runLocally } from '../../../src/runtimes/run-local';
import { type StateMachine } from '../../../src/asl/types';
import { testEnv } from './support/env';

const env = testEnv({});
const keys = fc.constantFrom('a', 'b', 'é', 'k\u0001', '"q"', 'lines');
const value = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const data = fc.dictionary(keys, value, { maxKeys: 5 }) as fc.Arbitrary<JsonObject>;
// Paths of names and indexes (which the bounds follow) and others (which they must refuse to bound).
const path = fc.oneof(
  fc.constant('$'),
  keys.map((k) => `$['${k.replace(/'/g, "\\'")}']`),
  fc.tuple(keys, keys).map(([k, l]) => `$.${/^\w+$/.test(k) ? k : 'a'}.${/^\w+$/.test(l) ? l : 'b'}`),
  fc.constant('$.lines[0]'),
  fc.constant('$.lines[*]'),
  fc.constant('$..a'),
);

/** The value `f` gives, or undefined when it throws (an ASL error: nothing to bound). */
function attempt(f: () => Json): Json | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

describe('carried size bounds', () => {
  it('bound every template they answer for: never under the exact size', () => {
    const template = fc.dictionary(
      fc.oneof(
        keys,
        keys.map((k) => `${k}.$`),
      ),
      fc.oneof(value, path),
      { maxKeys: 5 },
    ) as fc.Arbitrary<JsonObject>;
    fc.assert(
      fc.property(data, template, (input, t) => {
        const out = attempt(() => evaluatePayloadTemplate(t, input, env, 'Parameters'));
        const bound = templateBound(t, measuredSize(input));
        if (out !== undefined && bound !== undefined) expect(payloadSize(out)).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 500 },
    );
  });

  it('bound a result placed by ResultPath, and a selection by InputPath or OutputPath', () => {
    fc.assert(
      fc.property(data, value, path, (input, result, p) => {
        const placed = attempt(() => applyResultPath(p, input, result));
        const pb = placedBound(p, measuredSize(input), measuredSize(result));
        if (placed !== undefined && pb !== undefined) expect(payloadSize(placed)).toBeLessThanOrEqual(pb);
        const selected = attempt(() => applyInputPath(p, input, env));
        const sb = selectedBound(p, measuredSize(input));
        if (selected !== undefined && sb !== undefined) expect(payloadSize(selected)).toBeLessThanOrEqual(sb);
      }),
      { numRuns: 500 },
    );
  });

  it('answer nothing where a template reads more than subtrees of its data', () => {
    expect(templateBound({ 'x.$': "States.Format('{}', $.a)" }, 10)).toBeUndefined();
    expect(templateBound({ 'x.$': '$$.Execution.Input' }, 10)).toBeUndefined();
    expect(templateBound({ 'x.$': '$.items[*].id' }, 10)).toBeUndefined();
    expect(templateBound({ 'x.$': '$.a' }, undefined)).toBeUndefined();
    expect(selectedBound('$..a', 10)).toBeUndefined();
    expect(placedBound('$.a', undefined, 10)).toBeUndefined();
    expect(templateBound({ 'x.$': '$.a', y: [1, { 'z.$': '$' }] }, 10)).toBeGreaterThanOrEqual(20);
  });

  const blobTask = (resultPath: string, next?: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:lambda:us-east-1:111111111111:function:blob',
    Parameters: { 'n.$': '$.n' },
    ResultSelector: { 'blob.$': '$.blob' },
    ResultPath: resultPath,
    ...(next ? { Next: next } : { End: true }),
  });
  // Each call answers 40 KiB, so seven of them kept side by side are over 256 KiB.
  const runTask = () => Promise.resolve({ blob: 'x'.repeat(40 * 1024) } as Json);

  it('still fail the state whose output passes the quota after Tasks whose bounds were carried', async () => {
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 8; i += 1)
      states[`Add ${i}`] = blobTask(`$.r${i}`, i < 7 ? `Add ${i + 1}` : undefined);
    const machine = { StartAt: 'Add 0', States: states } as unknown as StateMachine;
    const { result } = await runLocally(machine, { n: 0 }, { runTask });
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'Add 6' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('measure again, and go on, when a carried bound passes the quota but the output does not', async () => {
    // The same key is replaced 30 times: the carried bound grows by 40 KiB a turn, the output stays at 40 KiB.
    const machine = {
      StartAt: 'Add',
      States: {
        Add: blobTask('$.last', 'Count'),
        Count: {
          Type: 'Pass',
          Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'last.$': '$.last' },
          Next: 'More?',
        },
        'More?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericLessThan: 30, Next: 'Add' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    } as unknown as StateMachine;
    const { result } = await runLocally(machine, { n: 0 }, { runTask });
    expect(result.status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { n: 30 } });
  });
});
