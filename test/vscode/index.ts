// Entry point VS Code loads as extensionTestsPath (out/test/index.js): runs every out/test/*.test.js
// with mocha inside the extension host and reports through the console, which the harness reads.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

interface MochaRunner {
  stats?: { passes: number; failures: number; pending: number; tests: number; duration?: number };
}
interface MochaInstance {
  addFile(file: string): void;
  run(done: (failures: number) => void): MochaRunner;
}
type MochaCtor = new (options: Record<string, unknown>) => MochaInstance;

/** mocha from the extension's own node_modules if it has one, else from the e2e harness folder. */
function loadMocha(): MochaCtor {
  const req = createRequire(__filename);
  const candidates = ['mocha', resolve(__dirname, '..', '..', 'test', 'e2e', 'node_modules', 'mocha')];
  for (const c of candidates) {
    try {
      return req(c) as MochaCtor;
    } catch {
      // next
    }
  }
  throw new Error(`mocha not found (tried ${candidates.join(', ')}); run node test/e2e/install.mjs`);
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
  const grep = process.env.NAS_LENS_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 20_000, ...(grep ? { grep } : {}) });
  // untrusted.*.test.js run in their own window whose folder is not trusted (test/e2e/exthost.mjs --untrusted); the rest in a trusted one.
  const untrusted = process.env.NAS_LENS_TEST_MODE === 'untrusted';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && f.startsWith('untrusted.') === untrusted)
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  // From here on the harness prints the console (before it, the workbench's own chatter goes to a log).
  console.log(`NAS_LENS_MOCHA_START ${files.length} test files in ${__dirname}`);
  return new Promise((resolvePromise, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0, tests: 0 };
        // One machine-readable line for the harness (test/e2e/exthost.mjs) and for run-desktop.mjs.
        console.log(`NAS_LENS_MOCHA_RESULT ${JSON.stringify({ files: files.length, passes: s.passes, failures: s.failures, pending: s.pending })}`);
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else if (files.length === 0) reject(new Error(`no *.test.js files in ${__dirname}`));
        else resolvePromise();
      });
    } catch (err) {
      reject(err);
    }
  });
}
