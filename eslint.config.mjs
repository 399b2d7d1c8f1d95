// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Folders whose code runs inside Temporal's deterministic workflow sandbox. */
export const sandboxFolders = ['src/asl/**', 'src/dataflow/**', 'src/interpreter/**', 'workflows/**'];

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/** The imports that would break determinism or drag I/O into the sandbox. */
const sandboxRestrictedImports = {
  paths: nodeBuiltins.map((name) => ({
    name,
    message: 'Node built-ins are not available in the workflow sandbox.',
  })),
  patterns: [
    { group: ['node:*'], message: 'Node built-ins are not available in the workflow sandbox.' },
    { group: ['@aws-sdk/*'], message: 'AWS calls belong in activities/, not in sandboxed code.' },
    {
      group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
      message: 'Only @temporalio/workflow may be used in sandboxed code.',
    },
    {
      group: ['**/activities', '**/activities/*', '**/activities/**'],
      allowTypeImports: true,
      message: 'Workflows import activities as types only (import type).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/lint/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: sandboxFolders,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', sandboxRestrictedImports],
    },
  },
  {
    // The pure layers take time and randomness only from the Runtime port.
    files: ['src/asl/**', 'src/dataflow/**', 'src/interpreter/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the Runtime port for the clock.' },
        { object: 'Math', property: 'random', message: 'Use the Runtime port for randomness.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No process access in sandboxed code.' },
        { name: 'setTimeout', message: 'Use the Runtime port to sleep.' },
      ],
    },
  },
);
