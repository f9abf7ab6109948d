import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The files linted with type information (scripts/types-and-lint.mjs hands them its program).
export const TYPED = ['src/**/*.ts', 'step-definitions/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // The product's code gets the type-aware rules too (tests and the bench read loose JSON, so not
  // there): floating promises, unsafe any, needless assertions.
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: TYPED })),
  {
    files: TYPED,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `async` is how a function that may throw hands the error back as a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON reports and CLI output: loose types there are fine.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
