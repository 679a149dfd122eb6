import { spawn } from 'node:child_process';

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
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) child.stdin!.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
