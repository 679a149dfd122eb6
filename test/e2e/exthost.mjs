// Runs the mocha suites of test/vscode inside the real extension host of code-server: the workbench
// is opened with extensionDevelopmentPath + extensionTestsPath in its payload, reports mocha's output
// through window.codeAutomationLog and the result through window.codeAutomationExit(0|1).
// With `untrusted`, the window's folder is not trusted (workspace trust on, restricted mode) and only the
// test/vscode/untrusted.*.test.ts suites run (NAS_LENS_TEST_MODE=untrusted, read by test/vscode/index.ts).
// Usage: node test/e2e/exthost.mjs [--no-build] [--keep] [--timeout=SECONDS] [--grep=PATTERN] [--untrusted]
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newPage } from './browser.mjs';
import { buildTests, TEST_OUT } from './build-tests.mjs';
import { ensureInstalled } from './install.mjs';
import { FIXTURE_WORKSPACE, REPO, ensureBuilt, log, parseArgs } from './lib.mjs';
import { UNTRUSTED_SETTINGS, createRunDir, pruneRuns, removeRunDir, startServer } from './server.mjs';

/** The workspace's own settings in the untrusted run: a custom model folder, which restricted mode must ignore. */
export const UNTRUSTED_WORKSPACE_SETTINGS = { 'nasLens.modelFolder': 'models' };

/**
 * Resolves with { name, passed, failed, skipped, ok, seconds, output }; never leaves a server or
 * browser behind. `timeoutMs` bounds the wait for codeAutomationExit.
 */
export async function runExtensionHostTests({
  timeoutMs = 600_000,
  keep = false,
  extensionDevelopmentPath = REPO,
  testsPath = join(TEST_OUT, 'index'),
  untrusted = false,
} = {}) {
  const t0 = Date.now();
  const run = untrusted
    ? createRunDir('untrusted', { workspace: FIXTURE_WORKSPACE, settings: UNTRUSTED_SETTINGS, env: { NAS_LENS_TEST_MODE: 'untrusted' } })
    : createRunDir('exthost', { workspace: FIXTURE_WORKSPACE, env: { NAS_LENS_TEST_MODE: 'trusted' } });
  if (untrusted) {
    mkdirSync(join(run.workspace, '.vscode'), { recursive: true });
    writeFileSync(join(run.workspace, '.vscode', 'settings.json'), JSON.stringify(UNTRUSTED_WORKSPACE_SETTINGS, null, 2));
  }
  const lines = [];
  let server;
  let browser;
  let exitCode;
  let failure;
  let started = false;
  let closeConsoleLog = () => {};
  try {
    server = await startServer(run, { workspaceTrust: untrusted });
    browser = await launchBrowser();
    const page = await newPage(browser);
    let resolveExit;
    const exited = new Promise((r) => {
      resolveExit = r;
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      resolveExit(Number(code));
    });
    // Everything the workbench logs goes to RUN/logs/console.log; mocha's part (after the START
    // marker printed by test/vscode/index.ts) is also printed here.
    const consoleLog = createWriteStream(join(run.logs, 'console.log'));
    closeConsoleLog = () => consoleLog.end();
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      consoleLog.write(`[${type}] ${text}\n`);
      for (const line of text.split('\n')) {
        lines.push(line);
        if (line.startsWith('NAS_LENS_MOCHA_START')) {
          started = true;
          continue;
        }
        if (started && !line.startsWith('NAS_LENS_MOCHA_RESULT')) console.log(`  ${line}`);
      }
    });
    const url = server.workbenchUrl({ folder: run.workspace, extensionDevelopmentPath, extensionTestsPath: testsPath });
    log(`extension-host tests${untrusted ? ' (untrusted workspace, restricted mode)' : ''}: opening the workbench`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let timer;
    const timeout = new Promise((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      failure = `extension-host tests did not finish within ${timeoutMs / 1000}s`;
      await page.screenshot({ path: join(run.dir, 'exthost-timeout.png') }).catch(() => {});
    } else {
      exitCode = outcome;
    }
    if (page.nasErrors.length) log(`page errors: ${page.nasErrors.slice(0, 5).join(' | ')}`);
  } catch (err) {
    failure = err.message;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    closeConsoleLog();
  }

  const resultLine = lines.find((l) => l.startsWith('NAS_LENS_MOCHA_RESULT '));
  let stats;
  if (resultLine) {
    try {
      stats = JSON.parse(resultLine.slice('NAS_LENS_MOCHA_RESULT '.length));
    } catch {
      /* malformed */
    }
  }
  let passed = stats?.passes ?? 0;
  let failed = stats?.failures ?? 0;
  const skipped = stats?.pending ?? 0;
  if (!failure && exitCode !== 0 && failed === 0) {
    // The test module failed to load or run() threw before mocha counted anything.
    failure = `the extension host reported exit code ${exitCode} (tests did not run: see the output above and ${run.logs})`;
  }
  if (failure && failed === 0) failed = 1;
  const ok = !failure && exitCode === 0 && failed === 0;
  if (failure && !started) {
    // The tests never started: show what the workbench said (minus stack frames) to explain why.
    console.log('  --- workbench console ---');
    for (const l of lines.filter((x) => !/^\s+at /.test(x)).slice(-40)) console.log(`  ${l}`);
  }
  if (failure) console.log(`  FAILED: ${failure}`);
  if (ok && !keep) removeRunDir(run);
  else log(`run folder kept: ${run.dir}`);
  return { name: untrusted ? 'untrusted' : 'extension host', passed, failed, skipped, ok, seconds: (Date.now() - t0) / 1000, output: lines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { flags, values } = parseArgs(process.argv.slice(2));
  if (values.grep) process.env.NAS_LENS_TEST_GREP = values.grep; // read by test/vscode/index.ts in the extension host
  (async () => {
    pruneRuns();
    await ensureInstalled();
    await ensureBuilt({ build: !flags.has('no-build') });
    await buildTests();
    const r = await runExtensionHostTests({ keep: flags.has('keep'), timeoutMs: Number(values.timeout ?? 600) * 1000, untrusted: flags.has('untrusted') });
    console.log(`exthost: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
    process.exit(r.ok ? 0 : 1);
  })().catch((err) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  });
}
