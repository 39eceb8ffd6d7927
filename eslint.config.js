import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { plugin as layers } from './scripts/lint/layers.mjs';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'out/**',
      'screenshots/**',
      'examples/site/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // The layering of docs/architecture.md: imports between parts that must never exist.
    files: ['packages/**/*.{ts,mts,js,mjs}'],
    plugins: { pagatore: layers },
    rules: { 'pagatore/layers': 'error' },
  },
  {
    files: ['packages/widgets/**/*.test.ts'],
    languageOptions: { globals: { ...globals.mocha } },
  },
);
