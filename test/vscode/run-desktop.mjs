// The same extension-host tests (test/vscode/*.test.ts) in a desktop VS Code through
// @vscode/test-electron, for people with a desktop and internet (it downloads VS Code, or uses
// VSCODE_EXECUTABLE=/path/to/code). Not run in CI here: CI uses code-server (node test/e2e/run.mjs).
// Its dependencies come with the root `npm ci`: the devDependencies "@vscode/test-electron" ^2.5.2
// (3.x needs Node 22) and mocha (the same major as test/e2e's, which index.ts falls back to).
// Usage: node test/vscode/run-desktop.mjs [--no-build]    env: VSCODE_VERSION (default 1.100.3)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTests, TEST_OUT } from '../e2e/build-tests.mjs';
import { FIXTURE_WORKSPACE, REPO, ensureBuilt, parseArgs } from '../e2e/lib.mjs';
import { createRunDir, removeRunDir } from '../e2e/server.mjs';

const { flags } = parseArgs(process.argv.slice(2));

let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  console.error('run-desktop: @vscode/test-electron is not installed; run npm ci (it is a devDependency)');
  process.exit(1);
}

await ensureBuilt({ build: !flags.has('no-build') });
await buildTests();
const run = createRunDir('desktop', { workspace: FIXTURE_WORKSPACE });
// A short profile path: VS Code's IPC socket lives in it and long paths break it on macOS.
const userDataDir = mkdtempSync(join(tmpdir(), 'nas-lens-vsc-'));
let code = 1;
try {
  code = await runTests({
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_VERSION ?? '1.100.3' }),
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(TEST_OUT, 'index'),
    launchArgs: [
      run.workspace,
      '--disable-extensions', // other installed extensions; the one under development still loads
      // (@vscode/test-electron adds --skip-welcome, --disable-workspace-trust, --disable-updates itself)
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${run.extensionsDir}`,
    ],
  });
} catch (err) {
  console.error(`run-desktop: ${err.message ?? err}`);
  code = 1;
}
rmSync(userDataDir, { recursive: true, force: true });
if (code === 0) removeRunDir(run);
else console.error(`run-desktop: tests failed; profile and workspace kept in ${run.dir}`);
process.exit(code);
