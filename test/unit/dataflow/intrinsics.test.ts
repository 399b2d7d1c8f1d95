import type { Json } from '../../../src/asl/types';
import { compileIntrinsic, evaluateIntrinsic } from '../../../src/dataflow/intrinsics/evaluate';
import { INTRINSICS } from '../../../src/dataflow/intrinsics/registry';
import { javaRandomNextInt } from '../../../src/dataflow/intrinsics/states-math-random';
import { testEnv } from './support/env';

const env = testEnv({ variables: { name: 'John' } });
const run = (text: string, data: Json = {}): Json =>
  evaluateIntrinsic(compileIntrinsic(text), data, env, 'f.$');
const failureOf = (text: string, data: Json = {}): { error: string; cause: string } => {
  try {
    run(text, data);
  } catch (e) {
    return { error: (e as { error: string }).error, cause: (e as { causeText: string }).causeText };
  }
  throw new Error('expected a failure');
};

describe('intrinsic functions', () => {
  it('declares all 18 functions', () => {
    expect(INTRINSICS.size).toBe(18);
  });

  it('States.Format fills placeholders, renders objects as Java does and honours escapes', () => {
    expect(run("States.Format('Hello {}, welcome to {}!', $name, $.place)", { place: 'LS' })).toBe(
      'Hello John, welcome to LS!',
    );
    expect(run("States.Format('{} {}', $.o, $.a)", { o: { Id: 1, Name: 'x' }, a: [1, 'b'] })).toBe(
      '{Id=1, Name=x} [1, b]',
    );
    expect(run("States.Format('\\{\\} is {} \\'q\\'', 1.5)")).toBe("{} is 1.5 'q'");
    expect(failureOf("States.Format('{} {}', 1)").error).toBe('States.IntrinsicFailure');
  });

  it('States.StringToJson and States.JsonToString round-trip; blank text is null', () => {
    expect(run('States.StringToJson(\'{"a": [1, 2]}\')')).toEqual({ a: [1, 2] });
    expect(run("States.StringToJson(' ')")).toBeNull();
    expect(run('States.JsonToString($)', { test: 'object' })).toBe('{"test":"object"}');
    expect(failureOf("States.StringToJson('{nope')").error).toBe('States.IntrinsicFailure');
  });

  it('array functions', () => {
    expect(run("States.Array('a', 1, true, null, $.x)", { x: { y: 1 } })).toEqual([
      'a',
      1,
      true,
      null,
      { y: 1 },
    ]);
    expect(run('States.ArrayPartition($.a, 2)', { a: [1, 2, 3, 4, 5] })).toEqual([[1, 2], [3, 4], [5]]);
    expect(run('States.ArrayContains($.a, $.v)', { a: [[1, 2, 3], 2], v: [1, 2, 3] })).toBe(true);
    expect(run('States.ArrayRange(1, 10, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayRange(3, 0, -1)')).toEqual([3, 2, 1, 0]);
    expect(run('States.ArrayGetItem($.a, 1)', { a: [7, 8] })).toBe(8);
    expect(run('States.ArrayLength($.a)', { a: [7, 8] })).toBe(2);
    expect(run('States.ArrayUnique($.a)', { a: [1, 2, 2, { x: 1 }, { x: 1 }] })).toEqual([1, 2, { x: 1 }]);
    expect(failureOf('States.ArrayRange(0, 1000, 1)').error).toBe('States.IntrinsicFailure');
    expect(failureOf('States.ArrayPartition($.a, 0)', { a: [] }).error).toBe('States.IntrinsicFailure');
    expect(failureOf('States.ArrayGetItem($.a, 5)', { a: [1] }).error).toBe('States.IntrinsicFailure');
  });

  it('base64 and hashing', () => {
    expect(run("States.Base64Encode('Hello World')")).toBe('SGVsbG8gV29ybGQ=');
    expect(run("States.Base64Decode('SGVsbG8gV29ybGQ=')")).toBe('Hello World');
    expect(run("States.Base64Encode('héllo 🌍')")).toBe('aMOpbGxvIPCfjI0=');
    expect(run("States.Hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(run("States.Hash('Hash this string', 'SHA-256')")).toBe(
      '1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e',
    );
    expect(failureOf("States.Hash('x', 'SHA-999')").error).toBe('States.IntrinsicFailure');
    expect(failureOf('States.Base64Encode($.s)', { s: 'x'.repeat(10001) }).error).toBe(
      'States.IntrinsicFailure',
    );
  });

  it('States.JsonMerge merges shallowly and refuses deep merges', () => {
    expect(
      run('States.JsonMerge($.a, $.b, false)', { a: { x: { p: 1 }, y: 1 }, b: { x: { q: 2 } } }),
    ).toEqual({
      x: { q: 2 },
      y: 1,
    });
    expect(failureOf('States.JsonMerge($.a, $.a, true)', { a: {} }).error).toBe('States.IntrinsicFailure');
  });

  it('math: MathAdd rounds each operand half up; MathRandom stays in range and is repeatable with a seed', () => {
    expect(run('States.MathAdd(1.5, -1.5)')).toBe(1);
    expect(run('States.MathAdd(-2.5, 0)')).toBe(-2);
    expect(run('States.MathRandom(10, 20)')).toBe(15);
    const seeded = run('States.MathRandom(0, 100, 7)');
    expect(seeded).toBe(run('States.MathRandom(0, 100, 7)'));
    expect(javaRandomNextInt(42, 10)).toBe(0); // new java.util.Random(42).nextInt(10) == 0
    expect(javaRandomNextInt(42, 100)).toBe(30); // checked against the JDK
    expect(javaRandomNextInt(7, 100)).toBe(36);
    expect(javaRandomNextInt(-5, 1000)).toBe(411);
  });

  it('strings and uuids', () => {
    expect(run("States.StringSplit('a,b,,c', ',')")).toEqual(['a', 'b', 'c']);
    expect(run("States.StringSplit('This.is+a', '.+')")).toEqual(['This', 'is', 'a']);
    expect(run('States.UUID()')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects wrong argument types and counts with States.IntrinsicFailure', () => {
    expect(failureOf("States.ArrayLength('x')").cause).toContain('must be of type array');
    expect(failureOf('States.MathAdd(1)').cause).toContain('expects 2 arguments');
  });

  it('fails with States.Runtime when a path argument finds nothing', () => {
    expect(failureOf('States.ArrayLength($.nope)')).toEqual({
      error: 'States.Runtime',
      cause: "The JSONPath '$.nope' specified for the field 'f.$' could not be found in the input '{}'",
    });
  });
});
