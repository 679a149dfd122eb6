// Shared paths and small helpers for the real-VS-Code harness (code-server + playwright-core).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(E2E_DIR, '..', '..');
export const RUN_ROOT = join(REPO, '.test-run');
export const SCREENSHOT_DIR = join(RUN_ROOT, 'screenshots');
/** The workspace the extension-host and UI tests open (copied into each run folder first). */
export const FIXTURE_WORKSPACE = join(REPO, 'test', 'vscode', 'fixtures', 'workspace');
export const E2E_MODULES = join(E2E_DIR, 'node_modules');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_ENTRY = join(E2E_MODULES, 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.NAS_LENS_CHROMIUM || '/usr/bin/chromium';

export const CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

const started = Date.now();
export function log(...args) {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[e2e ${t}s]`, ...args);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function ensureDir(path) {
  mkdirSync(path, { recursive: true });
  return path;
}

/**
 * Runs a command; resolves with { code, signal }. `logFile` sends stdout+stderr to a file instead of
 * the console; `timeoutMs` kills the whole process group when exceeded.
 */
export function run(cmd, args, { cwd = REPO, env = process.env, logFile, timeoutMs, quiet } = {}) {
  return new Promise((resolvePromise, reject) => {
    let out;
    if (logFile) {
      ensureDir(dirname(logFile));
      out = createWriteStream(logFile, { flags: 'a' });
      out.write(`\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
    }
    const child = spawn(cmd, args, {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', logFile || quiet ? 'pipe' : 'inherit', logFile || quiet ? 'pipe' : 'inherit'],
    });
    if (out) {
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
    } else if (quiet) {
      child.stdout.resume();
      child.stderr.resume();
    }
    let timer;
    if (timeoutMs) {
      timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, timeoutMs);
    }
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (out) out.end();
      resolvePromise({ code, signal });
    });
  });
}

/** Like run() but rejects on a non-zero exit. */
export async function runOk(cmd, args, opts = {}) {
  const { code, signal } = await run(cmd, args, opts);
  if (code !== 0) {
    const where = opts.logFile ? ` (log: ${opts.logFile})` : '';
    throw new Error(`${cmd} ${args.join(' ')} failed with ${signal ?? `exit ${code}`}${where}`);
  }
}

/** Makes sure the extension bundle exists (npm run build) unless told not to build. */
export async function ensureBuilt({ build = true } = {}) {
  if (build) {
    log('building the extension (node esbuild.mjs)');
    await runOk(process.execPath, ['esbuild.mjs'], { cwd: REPO });
  }
  if (!existsSync(join(REPO, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
}

/** Parses --flag and --key=value arguments. */
export function parseArgs(argv) {
  const flags = new Set();
  const values = {};
  const rest = [];
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) rest.push(a);
    else if (m[2] === undefined) flags.add(m[1]);
    else values[m[1]] = m[2];
  }
  return { flags, values, rest };
}
