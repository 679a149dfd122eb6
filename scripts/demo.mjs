// `npm run demo`: NAS Lens in a real VS Code on the repo's examples/ folder, loaded from the repo
// (extensionDevelopmentPath; run `npm run build` first, this builds nothing).
//   - with a desktop `code` on PATH: code --extensionDevelopmentPath=<repo> examples/
//   - otherwise: code-server 4.100.3 on 127.0.0.1 (installed on first use by test/e2e/install.mjs);
//     prints the URL and stays up until Ctrl+C.
// Options: --port=N (default: a free port), --server (use code-server even when `code` exists),
//          --folder=PATH (another folder than examples/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureInstalled } from '../test/e2e/install.mjs';
import { REPO, parseArgs } from '../test/e2e/lib.mjs';
import { createRunDir, removeRunDir, startServer } from '../test/e2e/server.mjs';

const { flags, values } = parseArgs(process.argv.slice(2));
const folder = resolve(values.folder ?? join(REPO, 'examples'));

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

if (!existsSync(join(REPO, 'dist', 'extension.js'))) fail('dist/extension.js is missing: run `npm run build` first');
if (!existsSync(folder)) fail(`${folder} does not exist`);

function desktopCode() {
  if (flags.has('server')) return undefined;
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  if (which.status !== 0 || !path) return undefined;
  // code-server's own `code` shim or a remote CLI inside a VS Code terminal also answer --version.
  const version = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return version.status === 0 ? path : undefined;
}

const code = desktopCode();
if (code) {
  console.log(`demo: ${code} --extensionDevelopmentPath=${REPO} ${folder}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, folder], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

let server;
let run;
let stopping = false;
async function shutdown(exitCode, { keepRun = false } = {}) {
  if (stopping) return;
  stopping = true;
  console.log('\ndemo: stopping code-server');
  await server?.stop();
  if (run && !keepRun) removeRunDir(run);
  process.exit(exitCode);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void shutdown(0));

try {
  await ensureInstalled();
  run = createRunDir('demo');
  server = await startServer(run, values.port ? { port: Number(values.port) } : {});
} catch (err) {
  if (run) removeRunDir(run);
  fail(err.message);
}

const url = server.workbenchUrl({ folder, extensionDevelopmentPath: REPO });
console.log('');
console.log(`NAS Lens demo: VS Code 1.100.3 (code-server) with the extension from ${REPO}`);
console.log(`  folder: ${folder}`);
console.log(`  open:   ${url}`);
console.log(`  (bound to 127.0.0.1 only; from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>)`);
console.log('  Ctrl+C stops it.');

// Stay up until Ctrl+C; if code-server dies on its own, say so and exit.
const watch = setInterval(() => {
  if (server.exited) {
    clearInterval(watch);
    console.error(`demo: code-server exited (${server.exitSignal ?? `exit ${server.exitCode}`}); log: ${server.logPath}`);
    void shutdown(1, { keepRun: true });
  }
}, 1000);
