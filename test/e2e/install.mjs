// Installs what the real-VS-Code harness needs; idempotent and fast (< 1 s) once everything is there.
//   1. Debian packages chromium, ripgrep, libkrb5-dev (apt only when one is missing)
//   2. the @vscode/ripgrep download cache, seeded from Debian's rg (its postinstall can't reach GitHub)
//   3. test/e2e's own node_modules (code-server 4.100.3, playwright-core, mocha): npm ci when the lock
//      exists, npm install otherwise, with unsafe-perm=true and yes=true (also in test/e2e/.npmrc).
//      npm takes ~2.5 min even with a warm npm cache (native builds), so a finished install is kept
//      in a machine cache, $NAS_LENS_E2E_CACHE or ${XDG_CACHE_HOME:-~/.cache}/nas-lens-e2e/<hash of
//      package.json+lock+node major>, and a fresh clone (CI) restores it as hard links in ~1 s.
//      NAS_LENS_E2E_CACHE=off disables that.
// Usage: node test/e2e/install.mjs [--force]
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, E2E_DIR, E2E_MODULES, RUN_ROOT, ensureDir, log, runOk, sleep } from './lib.mjs';

// @vscode/ripgrep as pinned by code-server 4.100.3 looks for this archive before downloading.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const STAMP = join(E2E_MODULES, '.nas-lens-e2e-stamp');
const INSTALL_LOG = join(RUN_ROOT, 'install.log');

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

export async function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!onPath('rg')) missing.push('ripgrep');
  if (!dpkgInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length === 0) return false;
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !onPath('sudo')) {
    throw new Error(`missing Debian packages ${missing.join(' ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt-get install ${missing.join(' ')} (log: ${INSTALL_LOG})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const [cmd, pre] = asRoot ? ['apt-get', []] : ['sudo', ['-n', 'apt-get']];
  const apt = (args) => runOk(cmd, [...pre, ...lock, ...args], { env, logFile: INSTALL_LOG, timeoutMs: 15 * 60_000 });
  await apt(['update']);
  await apt(['install', '-y', '--no-install-recommends', ...missing]);
  return true;
}

export function seedRipgrepCache() {
  const dir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const archive = join(dir, RIPGREP_ASSET);
  if (existsSync(archive) && statSync(archive).size > 0) return archive;
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('rg not found on PATH (Debian package ripgrep)');
  const rgDir = join(rg, '..');
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('tar', ['-czf', archive, '-C', rgDir, 'rg'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not seed ${archive}: ${r.stderr}`);
  log(`seeded the @vscode/ripgrep cache: ${archive}`);
  return archive;
}

function currentStamp() {
  const h = createHash('sha256');
  h.update(process.version.split('.')[0]);
  for (const f of ['package.json', 'package-lock.json']) {
    const p = join(E2E_DIR, f);
    h.update(f);
    if (existsSync(p)) h.update(readFileSync(p));
  }
  return h.digest('hex');
}

function modulesReady() {
  return (
    existsSync(CODE_SERVER_ENTRY) &&
    existsSync(join(E2E_MODULES, 'playwright-core', 'package.json')) &&
    existsSync(join(E2E_MODULES, 'mocha', 'package.json')) &&
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8').trim() === currentStamp()
  );
}

// Two people (or two terminals) running the harness at once must not run npm in the same folder.
async function withInstallLock(fn) {
  ensureDir(RUN_ROOT);
  const lockDir = join(RUN_ROOT, 'install.lock');
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      let alive = false;
      if (owner) {
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (owner && !alive) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function cacheRoot() {
  const v = process.env.NAS_LENS_E2E_CACHE;
  if (v === 'off' || v === '0' || v === 'false') return undefined;
  return v || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'nas-lens-e2e');
}

/** Copies a tree as hard links (same file system, ~1 s), else as a plain copy. */
function linkCopy(from, to) {
  rmSync(to, { recursive: true, force: true });
  if (spawnSync('cp', ['-al', from, to]).status === 0) return 'hard links';
  rmSync(to, { recursive: true, force: true });
  if (spawnSync('cp', ['-a', from, to]).status === 0) return 'a copy';
  rmSync(to, { recursive: true, force: true });
  return undefined;
}

function restoreFromCache() {
  const root = cacheRoot();
  if (!root) return false;
  const entry = join(root, currentStamp());
  if (!existsSync(join(entry, 'complete'))) return false;
  const t0 = Date.now();
  const how = linkCopy(join(entry, 'node_modules'), E2E_MODULES);
  if (!how) return false;
  writeFileSync(STAMP, currentStamp() + '\n');
  if (!modulesReady()) return false;
  log(`restored test/e2e/node_modules from ${entry} (${how}, ${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return true;
}

function saveToCache() {
  const root = cacheRoot();
  if (!root) return;
  try {
    mkdirSync(root, { recursive: true });
    const stamp = currentStamp();
    for (const old of readdirSync(root)) if (old !== stamp) rmSync(join(root, old), { recursive: true, force: true });
    const entry = join(root, stamp);
    rmSync(entry, { recursive: true, force: true });
    mkdirSync(entry);
    const tmp = join(entry, 'node_modules.tmp');
    if (!linkCopy(E2E_MODULES, tmp)) return;
    renameSync(tmp, join(entry, 'node_modules'));
    writeFileSync(join(entry, 'complete'), new Date().toISOString() + '\n');
    log(`kept a copy of test/e2e/node_modules in ${entry} for the next fresh clone`);
  } catch (err) {
    log(`could not fill the install cache (${err.message}); not needed, only slower next time`);
  }
}

export async function ensureNodeModules({ force = false } = {}) {
  if (!force && modulesReady()) return false;
  return withInstallLock(async () => {
    if (!force && modulesReady()) return false;
    if (!force && restoreFromCache()) return 'cache';
    if (process.versions.node.split('.')[0] !== '20') {
      throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is ${process.version})`);
    }
    seedRipgrepCache();
    const hasLock = existsSync(join(E2E_DIR, 'package-lock.json'));
    const args = hasLock ? ['ci', '--foreground-scripts'] : ['install', '--foreground-scripts'];
    log(`npm ${args.join(' ')} in test/e2e (code-server, playwright-core, mocha; ~3 min cold; log: ${INSTALL_LOG})`);
    const env = {
      ...process.env,
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
      npm_config_progress: 'false',
    };
    try {
      await runOk('npm', args, { cwd: E2E_DIR, env, logFile: INSTALL_LOG, timeoutMs: 20 * 60_000 });
    } catch (err) {
      try {
        const tail = readFileSync(INSTALL_LOG, 'utf8').split('\n').slice(-40).join('\n');
        console.error(tail);
      } catch {
        /* no log */
      }
      throw err;
    }
    if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`npm finished but ${CODE_SERVER_ENTRY} is missing`);
    writeFileSync(STAMP, currentStamp() + '\n');
    saveToCache();
    return 'npm';
  });
}

/** Everything the harness needs; returns quickly when already installed. npm: false | 'cache' | 'npm'. */
export async function ensureInstalled({ force = false } = {}) {
  const t0 = Date.now();
  const apt = await ensureSystemPackages();
  const npm = await ensureNodeModules({ force });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  log(apt || npm ? `install done in ${secs}s` : `harness already installed (checked in ${secs}s)`);
  return { apt, npm, seconds: Number(secs) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureInstalled({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(`install failed: ${err.message}`);
    process.exit(1);
  });
}
