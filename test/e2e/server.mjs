// code-server 4.100.3 (VS Code 1.100.3 served to a browser, real Node extension host on this machine):
// start on 127.0.0.1 with a free port and a throw-away profile under .test-run/, stop by process group.
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { CODE_SERVER_ENTRY, REPO, RUN_ROOT, ensureDir, log, runOk, sleep } from './lib.mjs';

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'editor.codeLens': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
};

/**
 * Settings of a window whose folder is NOT trusted (restricted mode): workspace trust on, and no
 * start-up prompt, so a fresh profile opens the folder untrusted (as after "Don't Trust").
 */
export const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.banner': 'always',
};

const live = new Set();
let hooksInstalled = false;

/** Last-resort cleanup: whatever happens to this process, its code-server groups die with it. */
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = () => {
    for (const s of live) {
      try {
        process.kill(-s.pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    live.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    // A caller with its own handler (scripts/demo.mjs) stops its servers itself; 'exit' still covers it.
    if (process.listenerCount(sig) > 0) continue;
    process.on(sig, () => {
      killAll();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** Removes run folders older than `maxAgeMs` (left behind by killed runs, or kept with --keep). */
export function pruneRuns(maxAgeMs = 24 * 3600_000) {
  if (!existsSync(RUN_ROOT)) return;
  for (const name of readdirSync(RUN_ROOT)) {
    if (!name.startsWith('run-')) continue;
    const p = join(RUN_ROOT, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > maxAgeMs) rmSync(p, { recursive: true, force: true });
    } catch {
      /* raced with another run */
    }
  }
}

/**
 * A throw-away folder .test-run/run-<label>-<time>-<pid>/ with XDG dirs, user data (settings),
 * extensions dir, config.yaml and logs. `workspace` (a folder) is copied in as RUN/workspace.
 * `env`: extra environment variables for code-server (and so for its extension host).
 */
export function createRunDir(label, { settings = {}, workspace, env = {} } = {}) {
  const dir = ensureDir(join(RUN_ROOT, `run-${label}-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`));
  for (const d of ['xdg/data', 'xdg/config', 'xdg/cache', 'user/User', 'ext', 'logs']) ensureDir(join(dir, d));
  writeFileSync(join(dir, 'user', 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  let workspaceDir;
  if (workspace) {
    workspaceDir = join(dir, 'workspace');
    cpSync(workspace, workspaceDir, { recursive: true });
  }
  return {
    dir,
    workspace: workspaceDir,
    userDataDir: join(dir, 'user'),
    extensionsDir: join(dir, 'ext'),
    config: join(dir, 'config.yaml'),
    logs: join(dir, 'logs'),
    env,
  };
}

/** Environment for code-server: profile in the run folder, nothing from a surrounding VS Code. */
function serverEnv(run) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A VS Code terminal's VSCODE_IPC_HOOK_CLI would make code-server hand the request to that VS Code.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'PASSWORD' || k === 'HASHED_PASSWORD' || k === 'PORT') continue;
    env[k] = v;
  }
  env.XDG_DATA_HOME = join(run.dir, 'xdg', 'data');
  env.XDG_CONFIG_HOME = join(run.dir, 'xdg', 'config');
  env.XDG_CACHE_HOME = join(run.dir, 'xdg', 'cache');
  // No extension gallery: open-vsx.org can't be reached here and its failing lookups cost seconds.
  if (!('EXTENSIONS_GALLERY' in process.env)) env.EXTENSIONS_GALLERY = '{}';
  env.NAS_LENS_E2E = '1';
  Object.assign(env, run.env ?? {});
  return env;
}

function profileArgs(run) {
  return ['--config', run.config, '--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir];
}

/**
 * Installs a packaged extension into the run's extensions dir (as a user would, no dev path).
 * Call before startServer() with the same run.
 */
export async function installVsix(run, vsixPath) {
  const vsix = resolve(vsixPath);
  if (!existsSync(vsix)) throw new Error(`no such VSIX: ${vsix}`);
  if (!existsSync(run.config)) writeFileSync(run.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  log(`code-server --install-extension ${vsix}`);
  await runOk(process.execPath, [CODE_SERVER_ENTRY, ...profileArgs(run), '--force', '--install-extension', vsix], {
    env: serverEnv(run),
    logFile: join(run.logs, 'install-extension.log'),
    timeoutMs: 120_000,
  });
  const installed = readdirSync(run.extensionsDir).filter((n) => !n.startsWith('.') && n !== 'extensions.json');
  log(`installed extensions: ${installed.join(', ') || '(none)'}`);
  return installed;
}

/**
 * Starts code-server; resolves once /healthz answers. Returns { url, port, pgid, run, stop(), workbenchUrl() }.
 * On failure (early exit, timeout) the process group is killed before rejecting. Workspace trust is
 * off unless `workspaceTrust` (then the settings decide: see UNTRUSTED_SETTINGS).
 */
export async function startServer(run, { port, readyTimeoutMs = 60_000, workspaceTrust = false } = {}) {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server is not installed: node test/e2e/install.mjs');
  installExitHooks();
  port ??= await freePort();
  writeFileSync(run.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    CODE_SERVER_ENTRY,
    ...profileArgs(run),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const logPath = join(run.logs, 'code-server.log');
  const out = createWriteStream(logPath, { flags: 'a' });
  // detached: the child calls setsid(), so it leads its own session and process group (PGID = its pid);
  // stop() signals the whole group, which also takes the file watchers and extension hosts with it.
  const child = spawn(process.execPath, args, { cwd: run.dir, env: serverEnv(run), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const server = { port, pgid: child.pid, run, logPath, url: `http://127.0.0.1:${port}`, exited: false };
  live.add(server);
  const exitedPromise = new Promise((r) =>
    child.on('close', (code, signal) => {
      server.exited = true;
      server.exitCode = code;
      server.exitSignal = signal;
      out.end();
      r();
    }),
  );

  server.stop = async ({ graceMs = 3000 } = {}) => {
    if (!live.has(server)) return;
    live.delete(server);
    try {
      process.kill(-server.pgid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const timer = sleep(graceMs).then(() => 'timeout');
    if ((await Promise.race([exitedPromise, timer])) === 'timeout') {
      try {
        process.kill(-server.pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await Promise.race([exitedPromise, sleep(2000)]);
    }
    // Stragglers that left the group's leader behind (a watcher, an extension host) still carry the PGID.
    try {
      process.kill(-server.pgid, 'SIGKILL');
    } catch {
      /* all gone */
    }
  };

  /** The workbench URL for a folder, with payload parameters (extensionDevelopmentPath etc.). */
  server.workbenchUrl = ({ folder, extensionDevelopmentPath, extensionTestsPath, payload = [] } = {}) => {
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
    const entries = [...payload];
    if (extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
    if (extensionTestsPath) entries.push(['extensionTestsPath', remote(extensionTestsPath)]);
    entries.push(['skipWelcome', 'true']);
    const q = new URLSearchParams();
    if (folder) q.set('folder', resolve(folder));
    q.set('payload', JSON.stringify(entries));
    return `${server.url}/?${q.toString()}`;
  };

  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (;;) {
      if (server.exited) throw new Error(`code-server exited early (${server.exitSignal ?? `exit ${server.exitCode}`})`);
      try {
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) break;
      } catch {
        /* not yet listening */
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within ${readyTimeoutMs / 1000}s`);
      await sleep(200);
    }
  } catch (err) {
    await server.stop();
    let tail = '';
    try {
      tail = readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      /* none */
    }
    throw new Error(`${err.message}\n--- ${logPath} (tail) ---\n${tail}`);
  }
  log(`code-server ${server.url} ready (pgid ${server.pgid}, run ${run.dir.replace(REPO + '/', '')})`);
  return server;
}

/** Removes a run folder (the code-server must be stopped). */
export function removeRunDir(run) {
  rmSync(run.dir, { recursive: true, force: true });
}
