import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const fixtures = join(__dirname, '..', 'fixtures', 'lint');
const sandboxed = ['src/asl', 'src/dataflow', 'src/interpreter', 'workflows'];

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints a fixture as if it were a file in `folder`, through the real ESLint CLI and the project's config. */
function restrictedImportMessages(fixture: string, folder: string): string[] {
  // ESLint loads its flat config with a dynamic import, which jest's VM does not allow: run the CLI instead.
  const eslint = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const filename = join(folder, 'nested', 'fixture.ts');
  const run = spawnSync(
    process.execPath,
    [eslint, '--format', 'json', '--stdin', '--stdin-filename', filename],
    {
      cwd: root,
      input: readFileSync(join(fixtures, fixture), 'utf8'),
      encoding: 'utf8',
    },
  );
  if (run.status === 2 || !run.stdout) throw new Error(`eslint could not run: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('the workflow-sandbox lint boundary', () => {
  it.each(sandboxed)(
    'rejects Node built-ins, the AWS SDK, other Temporal packages and value imports of activities in %s',
    (folder) => {
      const messages = restrictedImportMessages('sandbox-violations.ts', folder).join('\n');
      const flagged = [...messages.matchAll(/^'([^']+)' import is restricted/gm)].map((m) => m[1]);
      expect(flagged).toEqual([
        'fs',
        'node:crypto',
        '@aws-sdk/client-dynamodb',
        '@temporalio/client',
        '@temporalio/activity',
        '../activities',
      ]);
      expect(messages).toMatch(/Node built-ins/);
      expect(messages).toMatch(/AWS calls belong in activities/);
      expect(messages).toMatch(/Only @temporalio\/workflow/);
      expect(messages).toMatch(/import type/);
    },
  );

  it.each(sandboxed)('allows @temporalio/workflow and type-only activity imports in %s', (folder) => {
    expect(restrictedImportMessages('sandbox-allowed.ts', folder)).toEqual([]);
  });

  it('leaves activities/ free to use Node and the AWS SDK', () => {
    expect(restrictedImportMessages('sandbox-violations.ts', 'activities')).toEqual([]);
  });
});
