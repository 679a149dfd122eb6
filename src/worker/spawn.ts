// Starting the worker script (dist/worker.js, or src/worker/main.ts through tsx) in a worker thread.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  /** dist/worker.js, or src/worker/main.ts (run through tsx's CommonJS hook). */
  readonly file: string;
}

/** Starts a worker thread on the entry; a TypeScript entry is loaded through tsx. */
export function spawnWorker(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  if (!entry.file.endsWith('.ts')) return new Worker(entry.file, options);
  // `--import tsx` in execArgv does not reach worker threads on Node 20; tsx's require hook does.
  const requireHere = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'noop.js'));
  const hook = requireHere.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry.file)});`, { ...options, eval: true });
}

/**
 * The worker script: dist/worker.js beside a bundle (dist/cli.js), else the TypeScript source run
 * through tsx (tests, bench scripts), else the built dist/worker.js of the repository. NAS_LENS_WORKER
 * overrides them.
 */
export function workerEntry(): WorkerEntry {
  const override = process.env.NAS_LENS_WORKER;
  if (override) return { file: resolve(override) };
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const bundled = join(here, 'worker.js');
  if (existsSync(bundled)) return { file: bundled };
  const source = join(here, 'main.ts');
  if (existsSync(source)) return { file: source };
  const built = join(here, '..', '..', 'dist', 'worker.js');
  if (existsSync(built)) return { file: built };
  throw new Error(`cannot find the search worker (looked for ${bundled} and ${source}); set NAS_LENS_WORKER`);
}
