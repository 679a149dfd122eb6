// The whole real-VS-Code e2e in one command: install the harness (first time only), build the
// extension and the extension-host tests, run the mocha suites inside code-server's extension host,
// then the UI test in chromium. Prints 'e2e: N passed, N failed, N skipped' and exits non-zero on failure.
//
// Usage: node test/e2e/run.mjs [--only=exthost,untrusted,ui] [--no-build] [--keep] [--update-screenshots]
//                              [--vsix=FILE] [--timeout=SECONDS] [--grep=PATTERN]
//   --only=…              some of: exthost (trusted window), untrusted (a window in restricted mode), ui
//   --no-build            use the existing dist/ (default: node esbuild.mjs first)
//   --keep                keep .test-run/run-* folders (profile, logs, workspace) even on success
//   --update-screenshots  copy the UI test's screenshots to media/screenshots/ when it passes
//   --vsix=FILE           UI test against FILE installed with code-server --install-extension
//   --timeout=SECONDS     hard limit for the run after the install (default 1800; the install has its own
//                         limits per command): a guard against a hang, far above the ~5 minutes the
//                         suites take on a loaded 2-core machine, so that a slow machine is no failure
//   --grep=PATTERN        only the extension-host tests whose title matches (mocha grep), and only the UI
//                         steps whose name matches (plus the steps marked `always`: the workbench opening)
import { fileURLToPath } from 'node:url';
import { buildTests } from './build-tests.mjs';
import { runExtensionHostTests } from './exthost.mjs';
import { ensureInstalled } from './install.mjs';
import { CI, ensureBuilt, log, parseArgs } from './lib.mjs';
import { pruneRuns } from './server.mjs';
import { runUiTests } from './ui.mjs';

function summary(results, extra = '') {
  console.log('');
  console.log('NAS Lens real-VS-Code e2e (code-server 4.100.3 / VS Code 1.100.3, chromium):');
  for (const r of results) {
    console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(15)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.seconds.toFixed(1)}s)`);
  }
  if (extra) console.log(`  ${extra}`);
  const sum = (k) => results.reduce((a, r) => a + r[k], 0);
  console.log(`e2e: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
  return results.every((r) => r.ok) && results.length > 0 && sum('failed') === 0;
}

export async function main(argv) {
  const { flags, values } = parseArgs(argv);
  const only = values.only ? new Set(values.only.split(',')) : new Set(['exthost', 'untrusted', 'ui']);
  const limitMs = Number(values.timeout ?? 1800) * 1000;
  if (values.grep) process.env.NAS_LENS_TEST_GREP = values.grep; // read by test/vscode/index.ts in the extension host
  const results = [];
  const t0 = Date.now();

  let hard;
  const startLimit = () => {
    hard = setTimeout(() => {
      console.log(`\nthe e2e run exceeded its hard limit of ${limitMs / 1000}s after the install; stopping (code-server groups are killed on exit)`);
      results.push({ name: 'time limit', passed: 0, failed: 1, skipped: 0, ok: false, seconds: (Date.now() - t0) / 1000 });
      summary(results);
      process.exit(1);
    }, limitMs);
    hard.unref();
  };

  const step = async (name, fn) => {
    const s0 = Date.now();
    try {
      return await fn();
    } catch (err) {
      console.error(`${name} failed: ${err.stack ?? err.message}`);
      results.push({ name, passed: 0, failed: 1, skipped: 0, ok: false, seconds: (Date.now() - s0) / 1000 });
      return undefined;
    }
  };

  log(`e2e start${CI ? ' (CI)' : ''}`);
  pruneRuns();
  const install = await step('install', () => ensureInstalled());
  startLimit();
  const built =
    install &&
    (await step('build', async () => {
      if (!values.vsix || only.has('exthost') || only.has('untrusted')) await ensureBuilt({ build: !flags.has('no-build') });
      await buildTests();
      return true;
    }));
  if (built) {
    if (only.has('exthost')) {
      results.push(await runExtensionHostTests({ keep: flags.has('keep') }));
    }
    if (only.has('untrusted')) {
      results.push(await runExtensionHostTests({ keep: flags.has('keep'), untrusted: true, timeoutMs: 300_000 }));
    }
    if (only.has('ui')) {
      results.push(await runUiTests({ keep: flags.has('keep'), updateScreenshots: flags.has('update-screenshots'), vsix: values.vsix, grep: values.grep }));
    }
  }
  clearTimeout(hard);
  const extra = install
    ? `install ${install.seconds.toFixed(1)}s${install.npm === 'npm' ? ' (npm ran)' : install.npm === 'cache' ? ' (restored from the machine cache)' : ''}${install.apt ? ' (apt ran)' : ''}; total ${((Date.now() - t0) / 1000).toFixed(1)}s`
    : '';
  return summary(results, extra);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (ok) => process.exit(ok ? 0 : 1),
    (err) => {
      console.error(err.stack ?? err.message);
      console.log('e2e: 0 passed, 1 failed');
      process.exit(1);
    },
  );
}
