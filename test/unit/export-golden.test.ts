import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportFiles } from '../../src/export';

const examplesDir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(examplesDir).filter((name) => !name.startsWith('.'));

describe('asl-temporal export: the golden files of the seed examples', () => {
  it('covers the 10 seed examples', () => {
    expect(examples).toHaveLength(10);
  });

  // Regenerating must give the committed files byte for byte; after a change to the generator, run
  // `asl-temporal export examples/<p>/definition.asl.json` for each example and review the difference.
  it.each(examples)('%s: regenerates examples/%s/exported/ exactly', async (example) => {
    const golden = join(examplesDir, example, 'exported');
    const { out, files } = await exportFiles(join(examplesDir, example, 'definition.asl.json'));
    expect(out).toBe(golden);
    expect(Object.keys(files).sort()).toEqual(readdirSync(golden).sort());
    for (const [name, content] of Object.entries(files)) {
      expect(content).toBe(readFileSync(join(golden, name), 'utf8'));
    }
  });

  // The activities interface names the Lambda functions as the handlers folder beside the definition names them.
  it.each(examples)('%s: the Functions interface lists the functions its handlers implement', (example) => {
    const golden = join(examplesDir, example, 'exported');
    const activities = readdirSync(golden).find((name) => name.endsWith('.activities.ts')) ?? '';
    const source = readFileSync(join(golden, activities), 'utf8');
    const block = /export interface \w+Functions \{([^}]*)\}/.exec(source)?.[1] ?? '';
    const functions = [...block.matchAll(/readonly '?([\w-]+)'?: LambdaFunction;/g)].map((m) => m[1]).sort();
    const handlersDir = join(examplesDir, example, 'handlers');
    const handlers = existsSync(handlersDir)
      ? readdirSync(handlersDir)
          .filter((f) => /\.(ts|js)$/.test(f))
          .map((f) => f.replace(/\.(ts|js)$/, ''))
      : [];
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) expect(handlers).toContain(fn);
  });
});
