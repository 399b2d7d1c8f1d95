/**
 * Every `examples/<pattern>/` as its README promises: `asl-temporal run examples/<p>/definition.asl.json
 * --input-file examples/<p>/input.json --json` prints `{"status": "SUCCEEDED", "output": <expected-output.json>}`.
 * Each runs in-process (`--local`, handlers and any mock-config.json beside the definition); one also runs on the
 * embedded dev server, the command's default. AWS calls go to moto (the global setup's AWS_ENDPOINT_URL).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const names = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function runArgs(name: string): string[] {
  const dir = join(EXAMPLES, name);
  return ['run', join(dir, 'definition.asl.json'), '--input-file', join(dir, 'input.json'), '--json'];
}

function expectedOf(name: string): unknown {
  return JSON.parse(readFileSync(join(EXAMPLES, name, 'expected-output.json'), 'utf8'));
}

describe('the examples from the command line', () => {
  it('has the seed patterns', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'sequential-processing',
        'parallel-processing',
        'retry-logic',
        'error-catching',
        'api-gateway-integration',
        'eventbridge-integration',
        'map-batch-processing',
        'choice-logic',
        'well-organized',
        'input-output-processing',
      ]),
    );
  });

  it.each(names)(
    '%s prints its expected output (--local)',
    async (name) => {
      const r = await runCli([...runArgs(name), '--local']);
      expect({
        code: r.code,
        stdout: JSON.parse(r.stdout || 'null'),
        stderr: r.code === 0 ? '' : r.stderr,
      }).toEqual({
        code: 0,
        stdout: { status: 'SUCCEEDED', output: expectedOf(name) },
        stderr: '',
      });
    },
    120_000,
  );

  it('choice-logic prints its expected output on the embedded dev server', async () => {
    const r = await runCli(runArgs('choice-logic'), { timeoutMs: 170_000 });
    // stderr (progress, server and worker messages) shows only when the run did not succeed.
    expect({
      code: r.code,
      stdout: JSON.parse(r.stdout || 'null'),
      stderr: r.code === 0 ? '' : r.stderr,
    }).toEqual({
      code: 0,
      stdout: { status: 'SUCCEEDED', output: expectedOf('choice-logic') },
      stderr: '',
    });
  }, 180_000);
});
