import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `nas-lens ARGS…` from source (src/cli/main.ts through tsx) in a child process, without blocking the test's event loop. */
export function runCli(...args: string[]): Promise<CliRun> {
  return runCliWithInput(undefined, ...args);
}

/** The same with `input` written to the command's standard input (undefined: no stdin). */
export function runCliWithInput(input: string | undefined, ...args: string[]): Promise<CliRun> {
  const child = spawnCli(process.cwd(), args, input === undefined ? 'ignore' : 'pipe');
  if (input !== undefined) child.stdin!.end(input);
  return finished(child);
}

/** Runs `nas-lens ARGS…` from source with `cwd` as its working directory (paths it writes by default land there). */
export function runCliIn(cwd: string, ...args: string[]): Promise<CliRun> {
  return finished(spawnCli(cwd, args));
}

/** The child process of `nas-lens ARGS…` (from source, in `cwd`), for tests that talk to it while it runs (e.g. send SIGINT). */
export function spawnCli(cwd: string, args: readonly string[], stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const root = process.cwd();
  const loader = cwd === root ? 'tsx' : resolve(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  return spawn(process.execPath, ['--import', loader, resolve(root, 'src', 'cli', 'main.ts'), ...args], { cwd, stdio: [stdin, 'pipe', 'pipe'] });
}

/** Collects a CLI child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliRun> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}
