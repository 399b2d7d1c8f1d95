/**
 * Hostile input through the entry points a user reaches from the command line: the importer, the parser, the
 * validator, and runLocally for the execution input. Each must end in a located diagnostic or a clear error, never a
 * stack overflow, a crash or a hang. The CLI itself is run once, on a set of such files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic } from '../../../src/asl/diagnostics';
import { parseDefinition } from '../../../src/asl/parse';
import { MAX_DEFINITION_BYTES } from '../../../src/asl/parse-limits';
import { type Json, type StateMachine } from '../../../src/asl/types';
import { validateStateMachine } from '../../../src/asl/validate';
import { decodeUtf8, importDefinition } from '../../../src/importer/import';
import { runLocally } from '../../../src/runtimes/run-local';
import { runCli } from '../../support/cli';
import { tempDir } from '../../support/temp-dir';

const DEPTH = 10_000;
const TEN_MB = 10 * 1024 * 1024;

/** A definition whose Pass state's Result is `result` (JSON text). */
const withResult = (result: string) =>
  `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${result},"End":true}}}`;

/** The importer's diagnostics for a text that must be refused. */
function refused(text: string, file = 'hostile.asl.json'): readonly Diagnostic[] {
  const imported = importDefinition(text, { file });
  if (imported.ok) throw new Error('the definition was accepted');
  return imported.diagnostics;
}

/** No message reads like a crash. */
function expectNoCrashText(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics)
    expect(d.message).not.toMatch(/call stack|RangeError|TypeError|unexpectedly|\n\s+at /);
}

const pass: StateMachine = {
  StartAt: 'A',
  States: { A: { Type: 'Pass', Parameters: { 'copy.$': '$' }, End: true } },
};

describe('definitions nested 10,000 levels deep', () => {
  it('in JSON (objects and arrays): TOO_DEEPLY_NESTED at the too-deep value, with its line and column', () => {
    for (const text of [
      withResult('{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)),
      withResult('['.repeat(DEPTH) + ']'.repeat(DEPTH)),
    ]) {
      const diagnostics = refused(text);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'TOO_DEEPLY_NESTED', severity: 'ERROR', line: 1 });
      expect(diagnostics[0].location).toMatch(/^\/States\/A\/Result\//);
      expect(diagnostics[0].column).toBeGreaterThan(40);
    }
  });

  it('as a bare value: the validator reports it without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < DEPTH; i += 1) deep = { StartAt: deep };
    expect(validateStateMachine(deep)).toEqual([
      expect.objectContaining({ code: 'TOO_DEEPLY_NESTED', severity: 'ERROR' }),
    ]);
  });

  it('in YAML (flow and block style): one TOO_DEEPLY_NESTED with a line, not the reader stack overflow', () => {
    const head = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Result:';
    let block = `${head}\n`;
    for (let i = 0; i < 2000; i += 1) block += `${' '.repeat(6 + i)}a:\n`;
    block += `${' '.repeat(2006)}b: 1\n`;
    for (const text of [`${head} ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`, block]) {
      const diagnostics = refused(text, 'hostile.asl.yaml');
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'TOO_DEEPLY_NESTED', severity: 'ERROR' });
      expect(diagnostics[0].line).toBeGreaterThanOrEqual(6);
      expectNoCrashText(diagnostics);
    }
  });
});

describe('execution inputs', () => {
  it('nested 10,000 levels deep: runLocally refuses it as InvalidExecutionInput before running', async () => {
    let deep: Json = 1;
    for (let i = 0; i < DEPTH; i += 1) deep = { a: deep };
    await expect(runLocally(pass, deep)).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
      message:
        "Invalid State Machine Execution Input: 'The input nests JSON values more than 512 levels deep'",
    });
  });

  it('nested 500 levels deep (within the bound) still runs, through a template that copies it', async () => {
    let deep: Json = 1;
    for (let i = 0; i < 500; i += 1) deep = [deep];
    const { result } = await runLocally(pass, deep);
    expect(result).toEqual({ status: 'SUCCEEDED', output: { copy: deep } });
  });

  it('with a 10 MB string: StartExecution’s ValidationException for an input over 256 KiB', async () => {
    await expect(runLocally(pass, { s: 'x'.repeat(TEN_MB) })).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
    });
  });

  it('with 1e400 (Infinity once parsed): InvalidExecutionInput, not a silent null', async () => {
    await expect(runLocally(pass, JSON.parse('{"n": 1e400}') as Json)).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
      message: expect.stringContaining('outside the range of a double') as unknown,
    });
  });
});

describe('definitions over AWS’s limits', () => {
  const oversized = `1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DEFINITION_BYTES}`;

  it('a 2 MB definition: AWS’s one ValidationException message, nothing else', () => {
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i += 1)
      states[`S${i}`] = {
        Type: 'Pass',
        Result: 'y'.repeat(80),
        ...(i < 19_999 ? { Next: `S${i + 1}` } : { End: true }),
      };
    const text = JSON.stringify({ StartAt: 'S0', States: states });
    expect(text.length).toBeGreaterThan(2_000_000);
    expect(refused(text)).toEqual([
      { code: 'SCHEMA_VALIDATION_FAILED', severity: 'ERROR', location: '/', message: oversized },
    ]);
  });

  it('a 10 MB string, in JSON and in YAML: the same message', () => {
    const big = 'x'.repeat(TEN_MB);
    expect(refused(withResult(JSON.stringify(big)))).toEqual([
      expect.objectContaining({ message: oversized }),
    ]);
    const yaml = `StartAt: A\nComment: ${big}\nStates:\n  A:\n    Type: Pass\n    End: true\n`;
    expect(refused(yaml, 'hostile.asl.yaml')).toEqual([expect.objectContaining({ message: oversized })]);
  });

  it('exactly 1 MiB of compact JSON is accepted, one byte more is not (whitespace does not count)', () => {
    const base = withResult('""');
    const fits = withResult(JSON.stringify('c'.repeat(MAX_DEFINITION_BYTES - base.length)));
    expect(importDefinition(fits.replace(/,/g, ',   '), { file: 'fits.json' }).ok).toBe(true);
    const over = withResult(JSON.stringify('c'.repeat(MAX_DEFINITION_BYTES - base.length + 1)));
    expect(refused(over)).toEqual([expect.objectContaining({ message: oversized })]);
  });
});

describe('malformed values', () => {
  it('duplicate keys, at the top, in a state and among state names, in JSON and YAML, are located', () => {
    const json =
      '{"StartAt":"A",\n"States":{"A":{"Type":"Pass","End":true,"End":true},\n"A":{"Type":"Succeed"}},"StartAt":"A"}';
    const diagnostics = refused(json);
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION', location: '/States/A/End', line: 2 }),
        expect.objectContaining({ code: 'DUPLICATE_STATE_NAME', location: '/States/A', line: 3 }),
        expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION', location: '/StartAt', line: 3 }),
      ]),
    );
    const yaml = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Type: Pass\n    End: true\n';
    expect(refused(yaml, 'dup.yaml')).toEqual([
      expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION', location: '/States/A/Type', line: 5 }),
    ]);
  });

  it('numbers beyond a double (1e400, -1e400) are reported where they are written, in JSON and YAML', () => {
    const json =
      '{"StartAt":"A","TimeoutSeconds":1e400,\n"States":{"A":{"Type":"Pass","Result":{"n":-1e400},"End":true}}}';
    expect(refused(json)).toEqual([
      expect.objectContaining({
        code: 'INVALID_JSON_DESCRIPTION',
        location: '/TimeoutSeconds',
        line: 1,
        column: 16,
      }),
      expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION', location: '/States/A/Result/n', line: 2 }),
    ]);
    expect(
      refused('StartAt: A\nStates:\n  A:\n    Type: Wait\n    Seconds: 1e400\n    End: true\n', 'n.yaml'),
    ).toEqual([
      expect.objectContaining({
        location: '/States/A/Seconds',
        line: 5,
        message: expect.stringContaining('range of a double') as unknown,
      }),
    ]);
    // Underflow is a plain 0, as Java reads it too: no finding.
    expect(parseDefinition(withResult('1e-400')).diagnostics).toEqual([]);
  });

  it('invalid UTF-8 bytes are refused with the offset and line of the first one, not replaced by U+FFFD', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"StartAt":"A",\n"Comment":"caf'),
      Buffer.from([0xc3]),
      Buffer.from('","States":{"A":{"Type":"Pass","End":true}}}'),
    ]);
    expect(decodeUtf8(bytes)).toEqual({
      ok: false,
      message: 'it is not valid UTF-8: byte 0xC3 at offset 30 (line 2, byte 15 of the line)',
    });
    expect(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toEqual({ ok: true, text: '{}' });
    expect(decodeUtf8(Buffer.from('naïve ✓ 😀'))).toEqual({ ok: true, text: 'naïve ✓ 😀' });
  });
});

describe('asl-temporal validate on hostile files', () => {
  it('exits 2 for the undecodable file with one clear line, reports the others, and prints no stack', async () => {
    const dir = tempDir('hostile');
    const files = {
      utf8: join(dir, 'bad-utf8.asl.json'),
      deep: join(dir, 'deep.asl.json'),
      huge: join(dir, 'huge.asl.json'),
    };
    writeFileSync(files.utf8, Buffer.concat([Buffer.from(withResult('"\n')), Buffer.from([0xff, 0xfe])]));
    writeFileSync(files.deep, withResult('['.repeat(DEPTH) + ']'.repeat(DEPTH)));
    writeFileSync(files.huge, withResult(JSON.stringify('h'.repeat(2 * 1024 * 1024))));
    const { code, stdout, stderr } = await runCli(['validate', files.utf8, files.deep, files.huge]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `asl-temporal: cannot read '${files.utf8}': it is not valid UTF-8: byte 0xFF at offset 69 (line 2, byte 15 of the line)`,
    ]);
    expect(stdout).toContain(`${files.deep}: ERROR TOO_DEEPLY_NESTED at /States/A/Result/`);
    expect(stdout).toContain(
      `${files.huge}: ERROR SCHEMA_VALIDATION_FAILED at /: 1 validation error detected`,
    );
    expect(stdout + stderr).not.toMatch(/call stack|RangeError|\n\s+at /);
  });
});
