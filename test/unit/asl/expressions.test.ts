import {
  checkJsonataTemplate,
  checkJsonataTemplates,
  checkJsonPath,
  checkReferencePath,
  INPUT_ROOT_ONLY,
} from '../../../src/asl/validate-expressions';
import { checkIntrinsic } from '../../../src/asl/validate-intrinsics';

describe('expression syntax', () => {
  it('gives the position of a JSONPath error', () => {
    expect(checkJsonPath('$.a[0')).toEqual({
      message: "expected ']' to close the '[' at position 3",
      position: 5,
    });
    expect(checkJsonPath('$.a[?(@.b > 1]')).toEqual({ message: "unexpected ']'", position: 13 });
  });

  it('tells reference paths from paths', () => {
    expect(checkReferencePath('$.a.b[0]')).toBeUndefined();
    expect(checkReferencePath('$.a[0,1]')).toBeDefined();
    expect(checkReferencePath('$$.Task.Token', INPUT_ROOT_ONLY)).toMatchObject({
      message: 'the context object ($$) is not allowed here',
    });
  });

  it('checks intrinsic calls with positions', () => {
    expect(checkIntrinsic('States.Format(')).toBeDefined();
    expect(checkIntrinsic("States.StringSplit($.s, ',')")).toBeUndefined();
    expect(checkIntrinsic('States.ArrayRange(1, 9, 2) extra')).toMatchObject({ position: 27 });
  });

  it('parses JSONata in batches with the same verdicts as one by one', () => {
    const values = [
      '{% 1 + 2 %}',
      '{% 1 + %}',
      '{% ), ( %}',
      '{% $x; $y %}',
      '{% "a" & \'b\' %}',
      '{% [1,2][0] %}',
      '{% {"a": 1}.a %}',
      '{% 4 / 2 %}',
      '{%%}',
    ];
    const batched = checkJsonataTemplates(values);
    expect(batched).toEqual(values.map((v) => checkJsonataTemplate(v)));
    expect(batched.map((p) => p === undefined)).toEqual([
      true,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('finds the one bad expression in a large batch', () => {
    const values = Array.from({ length: 250 }, (_, i) => (i === 137 ? '{% $a + %}' : `{% $a + ${i} %}`));
    const problems = checkJsonataTemplates(values);
    expect(problems.filter(Boolean)).toHaveLength(1);
    expect(problems[137]).toBeDefined();
  });
});
