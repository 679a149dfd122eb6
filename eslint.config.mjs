import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The floors of ARCHITECTURE.md: who may import whom. A relative import is matched by the floor folder
// it goes through (src/<floor>/…, webview/…).
const floorImport = (...floors) => `(^|/)(${floors.join('|')})/`;
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'zlib', 'module', 'url', 'util'];

/** One floor's rule: `floors` it may not import at all, `typeOnly` floors it may import types from only, packages it may not use. */
function floor(files, { message, floors = [], typeOnly = [], paths = [], packages = [] }) {
  const patterns = [];
  if (floors.length) patterns.push({ regex: floorImport(...floors), caseSensitive: true, message });
  if (typeOnly.length) patterns.push({ regex: floorImport(...typeOnly), caseSensitive: true, allowTypeImports: true, message: `${message} (types only)` });
  if (packages.length) patterns.push({ group: packages, message });
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message })), patterns }],
    },
  };
}

const coreBanned = ['vscode', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'worker_threads', 'node:worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/e2e/node_modules/**', 'media/**', '.test-run/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        URLSearchParams: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  floor(['src/shared/**/*.ts'], {
    message: 'src/shared is the ground floor: pure values and functions that import nothing (see ARCHITECTURE.md).',
    floors: ['core', 'protocol', 'node', 'worker', 'cli', 'extension', 'webview'],
    paths: ['vscode'],
    packages: nodeBuiltins,
  }),
  floor(['src/core/**/*.ts'], {
    message: 'src/core is pure: files, threads and the editor reach it from the floors above (see ARCHITECTURE.md).',
    floors: ['protocol', 'node', 'worker', 'cli', 'extension', 'webview'],
    paths: coreBanned,
  }),
  floor(['src/protocol/**/*.ts'], {
    message: 'src/protocol declares messages: it may name the types of core and shared, and imports nothing else (see ARCHITECTURE.md).',
    floors: ['node', 'worker', 'cli', 'extension', 'webview'],
    typeOnly: ['core', 'shared'],
    paths: ['vscode'],
    packages: nodeBuiltins,
  }),
  floor(['src/node/**/*.ts'], {
    message: 'src/node is Node I/O under the faces: it imports core and shared only (see ARCHITECTURE.md).',
    floors: ['protocol', 'worker', 'cli', 'extension', 'webview'],
    paths: ['vscode'],
  }),
  floor(['src/worker/**/*.ts'], {
    message: 'src/worker (the worker threads and their host side) imports core, shared, node and protocol, never a face (see ARCHITECTURE.md).',
    floors: ['cli', 'extension', 'webview'],
    paths: ['vscode'],
  }),
  floor(['src/cli/**/*.ts'], {
    message: 'The CLI and the extension are two faces of one engine: neither imports the other (see ARCHITECTURE.md).',
    floors: ['extension', 'webview'],
    paths: ['vscode'],
  }),
  floor(['src/extension/**/*.ts'], {
    message: 'The CLI and the extension are two faces of one engine: neither imports the other (see ARCHITECTURE.md).',
    floors: ['cli', 'webview'],
  }),
  floor(['webview/**/*.ts'], {
    message: 'The webview knows only the protocol (and the pure helpers of src/shared) (see ARCHITECTURE.md).',
    floors: ['core', 'node', 'worker', 'cli', 'extension'],
    paths: ['vscode'],
    packages: nodeBuiltins,
  }),
);
