// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Type-aware lint for every workspace. Module boundaries: a server module is reached only through
 * its index.ts (modules/<name>/index.ts); web features do not import each other.
 */
const moduleInternals = {
  regex: '^(\\.\\./)+modules/[^/]+/(?!index\\.js$).+',
  message: 'Import another module only through its index.ts.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'packages/api-client/src/schema.d.ts',
      'bench/results/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      // Ports are async by contract even where one adapter has nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['apps/server/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [moduleInternals] }] },
  },
  {
    files: ['apps/server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            moduleInternals,
            {
              regex: '^\\.\\./[^/.]+/(?!index\\.js$).+',
              message: 'Inside modules/, import a sibling module only through its index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(\\.\\./)+modules/', message: 'The kernel does not depend on modules.' }] },
      ],
    },
  },
  {
    files: ['apps/admin/src/**/*.{ts,tsx}', 'apps/mobile/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['apps/admin/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[^./][^/]*/|^(\\.\\./){2,}features/',
              message: 'Features do not import each other; share through src/app, src/api or src/components.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'apps/server/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      // Tests read JSON bodies (`res.json()` is any) and assert on them; typing each body adds nothing.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
