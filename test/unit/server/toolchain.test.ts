import { CommandFailedError, outputStatus, runWithProgress } from '../../../src/server/toolchain';

/** Collects progress lines, as the CLI's stderr sink would print them. */
function collector(): { lines: string[]; line(message: string): void } {
  const lines: string[] = [];
  return { lines, line: (message) => lines.push(message) };
}

/** Runs a Node one-liner as the "long command". */
function node(script: string): [string, string[]] {
  return [process.execPath, ['-e', script]];
}

describe('outputStatus', () => {
  it('shows a fresh line with its age, and a stale one as how long the command has been quiet', () => {
    expect(outputStatus(undefined, 20_000, 15_000)).toBe('no output yet');
    expect(outputStatus('go: downloading golang.org/x/net v0.1.0', 2_000, 15_000)).toBe(
      'latest output (2.0 s ago): go: downloading golang.org/x/net v0.1.0',
    );
    expect(outputStatus('go: downloading golang.org/x/net v0.1.0', 240_000, 15_000)).toBe(
      'no new output for 4 min 00 s (last: go: downloading golang.org/x/net v0.1.0)',
    );
    expect(outputStatus('x'.repeat(300), 0, 15_000)).toHaveLength('latest output (0 ms ago): '.length + 100);
  });
});

describe('runWithProgress', () => {
  it('reports a command that went quiet as quiet, with the elapsed time growing on every line', async () => {
    const progress = collector();
    const [cmd, args] = node("console.log('go: downloading a'); setTimeout(() => {}, 700)");
    await runWithProgress(cmd, args, { title: 'Building', progress, tickMs: 200 });
    const ticks = progress.lines.filter((l) => l.includes('so far'));
    expect(progress.lines[0]).toBe('Building...');
    expect(progress.lines[progress.lines.length - 1]).toMatch(/^Building: done in \d/);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    // Printed once at the start: after a tick it is no longer news.
    expect(ticks[ticks.length - 1]).toMatch(/no new output for .* \(last: go: downloading a\)$/);
  });

  it("puts the step's own status on each line and its summary on the last", async () => {
    const progress = collector();
    let polled = 0;
    const [cmd, args] = node('setTimeout(() => {}, 500)');
    await runWithProgress(cmd, args, {
      title: 'Downloading',
      progress,
      tickMs: 150,
      status: () => `${++polled} MB of 9 MB downloaded`,
      summary: () => '9 MB downloaded',
    });
    expect(progress.lines[1]).toMatch(/^Downloading: .+ so far, 1 MB of 9 MB downloaded$/);
    expect(progress.lines[progress.lines.length - 1]).toMatch(/^Downloading: done in .*, 9 MB downloaded$/);
  });

  it('fails with the exit code and the tail of the output', async () => {
    const [cmd, args] = node("console.error('ERROR: No matching distribution'); process.exit(3)");
    const failure = runWithProgress(cmd, args, { title: 'pip', progress: collector() });
    await expect(failure).rejects.toThrow(CommandFailedError);
    await expect(failure).rejects.toMatchObject({
      exitCode: 3,
      outputTail: expect.stringContaining('No matching'),
    });
  });
});
