/**
 * `asl-temporal run --workflow`: an exported workflow file (TypeScript, bundled from source with the package's
 * workflows) run as `run` runs a definition, in its own CLI process: on the embedded dev server and on the shared
 * one, with local handlers and with a MockConfig test case, and the usage errors of a file that is not one.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';

const ROOT = join(__dirname, '..', '..');
const example = join(ROOT, 'examples', 'sequential-processing');
const handlers = join(example, 'handlers');
const inputFile = join(example, 'input.json');
const expected = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8')) as unknown;
const fixture = join(ROOT, 'test', 'fixtures', 'exported', 'orderFlow.workflow.ts');

/** The mock config of the fixture's machine: one test case that succeeds, one whose first Task fails. */
const MOCK_CONFIG = {
  StateMachines: {
    orderFlow: {
      TestCases: {
        HappyPath: {
          ProcessOrder: 'Confirmed',
          UpdateInventory: 'Reserved',
          NotifyCustomer: 'Notified',
        },
        Declined: { ProcessOrder: 'Declined' },
      },
    },
  },
  MockedResponses: {
    Confirmed: { '0': { Return: { status: 'CONFIRMED' } } },
    Reserved: { '0': { Return: { status: 'RESERVED' } } },
    Notified: { '0': { Return: { notified: true } } },
    Declined: { '0': { Throw: { Error: 'PaymentDeclined', Cause: 'The card was declined.' } } },
  },
};

describe('asl-temporal run --workflow', () => {
  const address = () => sharedSetting('devServerAddress');

  it('runs an exported workflow with local handlers on the embedded dev server, as run prints a definition', async () => {
    const r = await runCli(
      ['run', '--workflow', fixture, '--input-file', inputFile, '--handlers', handlers],
      {
        timeoutMs: 90_000,
      },
    );
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(r.stdout)).toEqual(expected);
    expect(r.stderr).toMatch(/Execution [\w-]+ of orderFlow started on /);
    // The progress line comes from the trace query exported code answers, as for the generic workflow.
    expect(r.stderr).toMatch(/→ (ProcessOrder|UpdateInventory|NotifyCustomer) \(\d states done, /);
  }, 100_000);

  describe('with a MockConfig test case, from a folder outside any project', () => {
    // No node_modules near it: asl-temporal/workflow resolves to the running CLI's own combinators.
    const dir = tempDir('run-workflow');
    const file = join(dir, 'orderFlow.workflow.ts');
    const mockConfig = join(dir, 'mocks.json');
    copyFileSync(fixture, file);
    writeFileSync(mockConfig, JSON.stringify(MOCK_CONFIG));

    it('answers the Tasks from the mocks, with --json', async () => {
      const r = await runCli(
        ['run', '--workflow', file, '--address', address(), '--mock-config', mockConfig].concat([
          '--test-case',
          'HappyPath',
          '--input',
          '{"orderId": "1"}',
          '--json',
        ]),
        { timeoutMs: 90_000 },
      );
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
      expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: { notified: true } });
    }, 100_000);

    it('fails with the mocked error and cause, exit 1', async () => {
      const args = ['run', '--workflow', file, '--address', address(), '--mock-config', mockConfig];
      const r = await runCli([...args, '--test-case', 'Declined', '--name', `declined-${Date.now()}`], {
        timeoutMs: 90_000,
      });
      expect({ code: r.code, stdout: r.stdout }).toEqual({
        code: 1,
        stdout: 'FAILED: PaymentDeclined\nThe card was declined.\n',
      });
    }, 100_000);
  });

  describe('usage errors: one line and exit 2', () => {
    it('a file that does not export the workflow its name promises', async () => {
      const file = join(tempDir('run-workflow'), 'orders.workflow.ts');
      writeFileSync(file, 'export async function somethingElse(input: unknown) {\n  return input;\n}\n');
      const r = await runCli(['run', '--workflow', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `asl-temporal run: ${file} exports no workflow function orders: a file <name>.workflow.ts exports ` +
          '`async function <name>(input)`, as `asl-temporal export` writes it.\n',
      );
    });

    it("a name taken by asl-temporal's own workflows", async () => {
      const file = join(tempDir('run-workflow'), 'stateMachine.workflow.ts');
      writeFileSync(file, 'export async function stateMachine(input: unknown) {\n  return input;\n}\n');
      const r = await runCli(['run', '--workflow', file]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({
        code: 2,
        stderr:
          `asl-temporal run: ${file}: stateMachine is one of asl-temporal's own workflow types; rename the ` +
          'file and its function.\n',
      });
    });

    it('both a definition and --workflow, or an option that applies to definitions only', async () => {
      const both = await runCli(['run', join(example, 'definition.asl.json'), '--workflow', fixture]);
      expect({ code: both.code, stderr: both.stderr }).toEqual({
        code: 2,
        stderr: 'asl-temporal run: Give either a definition file or --workflow <file>.\n',
      });
      const local = await runCli(['run', '--workflow', fixture, '--local']);
      expect({ code: local.code, stderr: local.stderr }).toEqual({
        code: 2,
        stderr:
          'asl-temporal run: --local runs a definition in-process; an exported workflow runs on Temporal: ' +
          'it does not apply to --workflow.\n',
      });
    });

    it('a file that does not compile, located', async () => {
      const file = join(tempDir('run-workflow'), 'broken.workflow.ts');
      writeFileSync(file, 'export async function broken(input: unknown) {\n  return input +;\n}\n');
      const r = await runCli(['run', '--workflow', file, '--address', address()], { timeoutMs: 90_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`asl-temporal run: ${file} does not bundle as a workflow:`);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/2:\d+/);
    }, 100_000);
  });
});
