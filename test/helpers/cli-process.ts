import { spawn, type ChildProcess } from 'node:child_process';
import type { CliRun } from './cli';

export interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves when the process ends, with its output. */
  readonly done: Promise<CliRun>;
}

/**
 * Starts `nas-lens ARGS…` from source (from the repository folder: pass --workspace for another)
 * in a child process the test can signal (a CLI restart, Ctrl-C, kill -9).
 */
export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', `${process.cwd()}/src/cli/main.ts`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}

/** Runs `nas-lens ARGS…` to its end with an environment of the test's choosing. */
export function cli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return startCli(args, options).done;
}
