// Builds the extension-host tests test/vscode/*.ts into out/test/*.js (CommonJS, `vscode` and
// `mocha` external) with the repo's esbuild. Usage: node test/e2e/build-tests.mjs
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO, log } from './lib.mjs';

export const TEST_SRC = join(REPO, 'test', 'vscode');
export const TEST_OUT = join(REPO, 'out', 'test');

export async function buildTests() {
  const esbuild = await import('esbuild');
  const entryPoints = readdirSync(TEST_SRC)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(TEST_SRC, f));
  rmSync(TEST_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: TEST_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
  });
  log(`built ${entryPoints.length} extension-host test modules into ${TEST_OUT.replace(REPO + '/', '')}/`);
  return TEST_OUT;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildTests().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
