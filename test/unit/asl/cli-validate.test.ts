import { createProgram, main } from '../../../src/cli/main';
import { runValidate, type ValidateIo } from '../../../src/cli/validate';

/** An in-memory file system and captured output. */
function fakeIo(files: Record<string, string>): ValidateIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    readFile: async (path: string) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

const VALID = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}';
const INVALID = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Tsk", "End": true}\n  }\n}';

describe('asl-temporal validate', () => {
  it('exits 0 and says so for a valid definition', async () => {
    const io = fakeIo({ 'ok.json': VALID });
    expect(await runValidate(['ok.json'], {}, io)).toBe(0);
    expect(io.out).toBe('ok.json: valid\n');
  });

  it('exits 1 and prints each diagnostic with its location, a snippet and the line', async () => {
    const io = fakeIo({ 'bad.json': INVALID });
    expect(await runValidate(['bad.json'], {}, io)).toBe(1);
    expect(io.out.split('\n')).toEqual([
      'bad.json: ERROR SCHEMA_VALIDATION_FAILED at /States/A/Type: expected one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map but got "Tsk"',
      '    "Tsk"  (line 4, column 11)',
      'bad.json: invalid (1 error)',
      '',
    ]);
  });

  it('prints exactly {"valid", "diagnostics"} with --json for one file', async () => {
    const io = fakeIo({ 'bad.json': INVALID });
    await runValidate(['bad.json'], { json: true }, io);
    const parsed = JSON.parse(io.out) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['valid', 'diagnostics']);
    expect(parsed).toMatchObject({
      valid: false,
      diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/Type' }],
    });
  });

  it('prints an array with one entry per file with --json for several files', async () => {
    const io = fakeIo({ 'a.json': VALID, 'b.json': INVALID });
    expect(await runValidate(['a.json', 'b.json'], { json: true }, io)).toBe(1);
    expect(JSON.parse(io.out)).toEqual([
      { file: 'a.json', valid: true, diagnostics: [] },
      {
        file: 'b.json',
        valid: false,
        diagnostics: [expect.objectContaining({ code: 'SCHEMA_VALIDATION_FAILED' })],
      },
    ]);
  });

  it('exits 2 with one clear line when a file cannot be read', async () => {
    const io = fakeIo({});
    expect(await runValidate(['missing.json'], {}, io)).toBe(2);
    expect(io.err).toBe("asl-temporal: cannot read 'missing.json': no such file\n");
  });

  it('applies --substitute values and checks the EXPRESS type', async () => {
    const text = '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "End": true}}}';
    const io = fakeIo({ 'm.json': text });
    expect(
      await runValidate(
        ['m.json'],
        { substitute: ['Fn=arn:aws:states:::sqs:sendMessage.waitForTaskToken'] },
        io,
      ),
    ).toBe(0);
    expect(
      await runValidate(
        ['m.json'],
        { substitute: ['Fn=arn:aws:states:::sqs:sendMessage.waitForTaskToken'], type: 'EXPRESS' },
        io,
      ),
    ).toBe(1);
    expect(await runValidate(['m.json'], { substitute: ['Nope'] }, io)).toBe(2);
  });

  it('reads YAML by extension', async () => {
    const io = fakeIo({ 'm.yaml': 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n' });
    expect(await runValidate(['m.yaml'], {}, io)).toBe(0);
  });

  it('exits 2 on a usage error, without a stack trace', async () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'asl-temporal', 'validate', '--type', 'NOPE', 'x.json'])).toBe(2);
      expect(await main(['node', 'asl-temporal', 'validate'])).toBe(2);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).not.toMatch(/\n\s+at /);
    } finally {
      write.mockRestore();
    }
  });

  it('shows an example in --help', () => {
    const validate = createProgram().commands.find((c) => c.name() === 'validate');
    let help = '';
    validate?.configureOutput({ writeOut: (s) => (help += s) });
    validate?.outputHelp();
    expect(help).toMatch(/Examples:\n\s+\$ asl-temporal validate/);
  });
});
