import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isActive, type TaskState } from '../../core/runs/task-state';
import { TASK_FILES } from '../../core/runs/task-script';
import type { Submission } from '../../core/runs/run-types';
import type { RunBackend, RunContext, SchedulerLook, SubmitResult } from './backend';
import { isSameProcess, processStartTime } from './processes';
import { attemptDir, readMarkers } from './task-files';

/** Grace between SIGTERM and SIGKILL when a local run is cancelled or overruns its time. */
const KILL_AFTER_MS = 10_000;

/**
 * Local processes: up to N tasks at once (N = local.concurrency, default the number of cores), each
 * the run's task script in its own process group, detached so that it outlives the NAS Lens process
 * that started it. Tasks waiting for a slot start when a follower (train-cells, runs watch, the
 * editor) next looks at the run.
 */
export class LocalBackend implements RunBackend {
  readonly kind = 'local';
  readonly enforcesTimeLimit = false;
  private wake: (() => void) | undefined;

  /** Nothing to ask: bash and the scripts' syntax are checked for every backend when the run is made. */
  async preflight(): Promise<void> {}

  capacity(ctx: RunContext, tasks: readonly TaskState[]): number {
    const limit = ctx.request.local?.concurrency ?? availableParallelism();
    return Math.max(0, limit - tasks.filter((t) => isActive(t.status)).length);
  }

  async submit(ctx: RunContext, submission: Submission, script: string): Promise<SubmitResult> {
    const sub = join(ctx.dir, TASK_FILES.submission(submission.index));
    const tasks = submission.entries.map((_, i) => {
      const out = openSync(join(sub, `local-${i}.out`), 'a');
      try {
        const child = spawn('bash', [script], {
          cwd: ctx.request.workspace,
          detached: true,
          stdio: ['ignore', out, out],
          env: { ...process.env, NAS_LENS_ARRAY_INDEX: String(i) },
        });
        if (child.pid === undefined) throw new Error('bash could not be started');
        child.once('exit', () => this.wake?.());
        child.unref();
        return { job: String(child.pid), processStart: processStartTime(child.pid) };
      } finally {
        closeSync(out);
      }
    });
    return { tasks };
  }

  async recover(): Promise<SubmitResult | undefined> {
    return undefined;
  }

  async look(ctx: RunContext, tasks: readonly TaskState[]): Promise<Map<number, SchedulerLook>> {
    const looks = new Map<number, SchedulerLook>();
    for (const t of tasks) {
      const { pid, start } = this.processOf(ctx, t);
      looks.set(t.task, pid !== undefined && isSameProcess(pid, start) ? { view: 'running' } : { view: 'gone', text: 'process ended' });
    }
    return looks;
  }

  async cancel(ctx: RunContext, tasks: readonly TaskState[]): Promise<void> {
    for (const t of tasks) {
      const { pid, start } = this.processOf(ctx, t);
      if (pid === undefined || !isSameProcess(pid, start)) continue;
      signalGroup(pid, 'SIGTERM');
      setTimeout(() => {
        if (isSameProcess(pid, start)) signalGroup(pid, 'SIGKILL');
      }, KILL_AFTER_MS).unref();
    }
  }

  changed(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** The task's process: the one its start marker names (the one that really runs it), else the one launched. */
  private processOf(ctx: RunContext, t: TaskState): { pid?: number; start?: string } {
    const marker = readMarkers(attemptDir(ctx.dir, t.task, t.attempt)).started?.job;
    if (marker && /^\d+$/.test(marker) && marker !== t.job) return { pid: Number(marker) };
    return t.job && /^\d+$/.test(t.job) ? { pid: Number(t.job), start: t.processStart } : {};
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
