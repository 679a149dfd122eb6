import { spawn } from 'node:child_process';

/**
 * Runs `tasks` in up to `jobs` child processes of `script` (this Node with the same loaders): child k
 * gets `args` then `--worker <JSON of its tasks>` (tasks k, k + jobs, …). Every stdout line of a child
 * that starts with `prefix` is parsed as JSON and handed to `onResult` as it arrives.
 */
export async function runInChildren<T, R>(
  script: string,
  args: readonly string[],
  tasks: readonly T[],
  jobs: number,
  prefix: string,
  onResult: (result: R) => void,
): Promise<void> {
  const workers = Math.max(1, Math.min(jobs, tasks.length));
  if (tasks.length === 0) return;
  await Promise.all(
    Array.from(
      { length: workers },
      (_, k) =>
        new Promise<void>((done, fail) => {
          const mine = tasks.filter((_, j) => j % workers === k);
          const child = spawn(process.execPath, [...process.execArgv, script, ...args, '--worker', JSON.stringify(mine)], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let pending = '';
          child.stdout.setEncoding('utf8');
          child.stdout.on('data', (chunk: string) => {
            const lines = (pending + chunk).split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines) if (line.startsWith(prefix)) onResult(JSON.parse(line.slice(prefix.length)) as R);
          });
          child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${script.replace(/.*\//, '')} worker ${k} exited with ${code}`))));
        }),
    ),
  );
}
