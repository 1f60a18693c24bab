// ESLint flat config. Type-aware (typescript-eslint's project service reads tsconfig.json), so the rules that
// catch real async bugs — a promise nobody awaits, a promise passed where a callback's result is ignored — run
// on every TypeScript file. `npm run lint` fails on any warning.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'bench/.compiled/**', '.scratch*/**', '**/*.tgz'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // Root config files are outside tsconfig.json's `include`; they get a default project.
          allowDefaultProject: ['eslint.config.mjs', 'jest.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The bugs this config is for: on everywhere, tests included. A promise left alone on purpose says so
      // with `void`, or is handed to a helper that attaches handlers (test/support/observe.ts).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // Off: its only findings are async batch functions in tests and type tests, written `async` because they
      // stand for a backend that answers with a promise (the shape users write); `await` would add nothing.
      '@typescript-eslint/require-await': 'off',
      // Forwarding a caught or `signal.reason` value as it came (typed `unknown`/`any`) is not inventing a
      // non-Error rejection; the rule still flags rejecting with a literal or a known non-Error type.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // `_`-prefixed names are deliberately unused (a parameter kept for its position, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // One-way layers: the operators are the engine and stand alone; `src/` is the promise face built on them.
    files: ['operators/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src', '**/src/**'],
              message: 'operators/ must not import from src/: move what both need to operators/internal/.',
            },
          ],
          paths: [{ name: 'rx-batcher', message: 'operators/ must not import the promise face (src/).' }],
        },
      ],
    },
  },
  {
    // A function fits on a screen.
    files: ['src/**/*.ts', 'operators/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Plain JavaScript (the ESM config, the CommonJS worker) is outside the TypeScript program.
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS on purpose (examples/model-serving/onnx-session-worker.cjs says why): `require` is its import.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', performance: 'readonly', global: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Its bodies are type-checked by `tsc` and never run (`typeOnly`), so no promise in them can float; and
    // issue 10 keeps this file unchanged as the guard of the public types.
    files: ['test/unit/types.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
