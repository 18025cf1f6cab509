// Flat config: typescript-eslint's recommended type-aware rules over every TS file.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.vitest/', 'coverage/', '.artifacts/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CatchClause > BlockStatement[body.length=0]',
          message: 'Never swallow an error (STYLE.md: Errors).',
        },
      ],
    },
  },
  {
    // Tests build deliberately invalid configs and events: loose JSON is the point there.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The race engine is pure: no I/O, no clock, no randomness (STYLE.md 2.5).
    files: ['core/race/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'path', '@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time comes in as an argument.' },
        { object: 'Math', property: 'random', message: 'Seeds come in as arguments.' },
      ],
    },
  },
  {
    // Tool configs that must be CommonJS (dependency-cruiser reads .cjs).
    files: ['**/*.cjs'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
  },
  {
    // The second-screen page runs in browsers as plain ES modules (no build step).
    files: ['web/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'module' },
  },
);
