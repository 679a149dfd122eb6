import { execFile } from 'node:child_process';
import { RunSetupError } from './backend';

export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const HINTS: Readonly<Record<string, string>> = {
  sbatch: "the slurm backend needs SLURM's client commands: run on a login node of your cluster, or use --backend local",
  bash: 'NAS Lens runs every task through bash',
};

/** Runs a command-line tool with an argument vector (no shell); a tool missing from PATH is a RunSetupError. */
export function runTool(tool: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new RunSetupError(`${tool} was not found on PATH${HINTS[tool] ? `: ${HINTS[tool]}` : ''}`));
          return;
        }
        if (error && typeof (error as { code?: unknown }).code !== 'number') {
          reject(new Error(`${tool} ${args.join(' ')} failed: ${error.message}`));
          return;
        }
        resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr });
      },
    );
  });
}

/** The tool's complaint, one line, without its "sbatch: error:" prefixes. */
export function toolMessage(result: ToolResult): string {
  const text = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((l) => l.replace(/^\S+: (error|fatal): /, '').trim())
    .filter(Boolean);
  return text.join('; ') || `exit code ${result.code}`;
}
