import { join } from 'node:path';
import { parseMaxArraySize, parseSacct, parseSbatchJobId, parseScontrolJobs, parseSqueue, type SlurmTaskView } from '../../core/runs/slurm-parse';
import { arraySpec, slurmPathPattern, TASK_FILES } from '../../core/runs/task-script';
import type { TaskState } from '../../core/runs/task-state';
import type { Submission } from '../../core/runs/run-types';
import { RunSetupError, type RunBackend, type RunContext, type SchedulerLook, type SubmitResult } from './backend';
import { runTool, toolMessage } from './tools';

/**
 * SLURM: one job array per submission (`sbatch --parsable --array=0-(K-1)%P`), followed with squeue
 * while jobs are queued or running, then sacct where accounting answers, else `scontrol show job`
 * while the controller remembers the job; past that the task script's marker files tell the end.
 */
export class SlurmBackend implements RunBackend {
  readonly kind = 'slurm';
  readonly enforcesTimeLimit = true;
  private accounting: boolean | undefined;

  private maxArray: Promise<number> | undefined;

  async preflight(ctx: RunContext, script: string, taskCount: number): Promise<void> {
    const first = Math.min(taskCount, await this.maxArraySize());
    const result = await runTool('sbatch', ['--test-only', ...this.sbatchArgs(ctx, 0, first), script]);
    if (result.code !== 0) throw new RunSetupError(`sbatch refused the job (nothing was submitted): ${toolMessage(result)}`);
  }

  /** One array takes at most MaxArraySize tasks: a larger run is submitted as several arrays. */
  capacity(): Promise<number> {
    return this.maxArraySize();
  }

  /** The cluster's MaxArraySize (`scontrol show config`), asked once; SLURM's default 1001 when it does not answer. */
  maxArraySize(): Promise<number> {
    this.maxArray ??= runTool('scontrol', ['show', 'config']).then(
      (r) => (r.code === 0 ? parseMaxArraySize(r.stdout) : undefined) ?? DEFAULT_MAX_ARRAY_SIZE,
      () => DEFAULT_MAX_ARRAY_SIZE,
    );
    return this.maxArray;
  }

  async submit(ctx: RunContext, submission: Submission, script: string): Promise<SubmitResult> {
    const result = await runTool('sbatch', ['--parsable', ...this.sbatchArgs(ctx, submission.index, submission.entries.length), script]);
    const job = result.code === 0 ? parseSbatchJobId(result.stdout) : undefined;
    if (!job) throw new Error(`sbatch refused submission ${submission.index}: ${toolMessage(result)}`);
    return { job, tasks: submission.entries.map((_, i) => ({ job: `${job}_${i}` })) };
  }

  async recover(_ctx: RunContext, submission: Submission): Promise<SubmitResult | undefined> {
    if (!submission.jobName) return undefined;
    const result = await runTool('squeue', ['-h', '-r', '-t', 'all', `--name=${submission.jobName}`, '-o', '%i|%T|%r']);
    const job = result.code === 0 ? parseSqueue(result.stdout)[0]?.job : undefined;
    return job ? { job, tasks: submission.entries.map((_, i) => ({ job: `${job}_${i}` })) } : undefined;
  }

  async look(_ctx: RunContext, tasks: readonly TaskState[], submissions: readonly Submission[]): Promise<Map<number, SchedulerLook>> {
    const byJob = new Map<string, Map<number, number>>(); // array job → array index → task
    for (const t of tasks) {
      const sub = submissions.find((s) => s.index === t.submission);
      const index = sub?.entries.findIndex((e) => e.task === t.task && e.attempt === t.attempt) ?? -1;
      if (!sub?.job || index < 0) continue;
      if (!byJob.has(sub.job)) byJob.set(sub.job, new Map());
      byJob.get(sub.job)?.set(index, t.task);
    }
    const looks = new Map<number, SchedulerLook>();
    if (!byJob.size) return looks;
    const take = (views: readonly SlurmTaskView[]) => {
      for (const v of views) {
        const task = byJob.get(v.job)?.get(v.arrayIndex);
        if (task !== undefined && !looks.has(task)) looks.set(task, { view: v.view, text: v.text });
      }
    };
    const queue = await runTool('squeue', ['-h', '-r', '-t', 'all', '-j', [...byJob.keys()].join(','), '-o', '%i|%T|%r']);
    if (queue.code === 0) take(parseSqueue(queue.stdout));
    else if (!/invalid job id/i.test(queue.stderr)) return looks; // the controller did not answer: ask again later
    const missing = () => [...byJob].filter(([, tasksOf]) => [...tasksOf.values()].some((t) => !looks.has(t))).map(([job]) => job);
    if (missing().length && (await this.hasAccounting())) {
      const acct = await runTool('sacct', ['-n', '-P', '-X', '-j', missing().join(','), '-o', 'JobID,State,ExitCode']);
      if (acct.code === 0) take(parseSacct(acct.stdout));
    }
    for (const job of missing()) {
      const shown = await runTool('scontrol', ['-o', 'show', 'job', job]);
      if (shown.code === 0) take(parseScontrolJobs(shown.stdout));
      else if (!/invalid job id/i.test(shown.stderr)) continue; // no answer: leave these tasks unknown
      for (const task of byJob.get(job)?.values() ?? []) if (!looks.has(task)) looks.set(task, { view: 'gone' });
    }
    return looks;
  }

  async cancel(_ctx: RunContext, tasks: readonly TaskState[], submissions: readonly Submission[]): Promise<void> {
    const ids = tasks.map((t) => t.job).filter((j): j is string => j !== undefined);
    const names = new Set(
      tasks
        .filter((t) => t.job === undefined)
        .map((t) => submissions.find((s) => s.index === t.submission)?.jobName)
        .filter((n): n is string => !!n),
    );
    if (ids.length) {
      const result = await runTool('scancel', ids);
      if (result.code !== 0 && !/invalid job id/i.test(result.stderr)) throw new Error(`scancel failed: ${toolMessage(result)}`);
    }
    for (const name of names) await runTool('scancel', [`--name=${name}`]);
  }

  changed(): Promise<void> {
    return new Promise(() => undefined);
  }

  private sbatchArgs(ctx: RunContext, submission: number, count: number): string[] {
    const sub = join(ctx.dir, TASK_FILES.submission(submission));
    return [
      `--array=${arraySpec(count, ctx.request.slurm?.maxConcurrent)}`,
      `--job-name=${jobName(ctx.request.id, submission)}`,
      `--output=${slurmPathPattern(sub)}/slurm-%A_%a.out`,
      `--chdir=${ctx.request.workspace}`,
    ];
  }

  private async hasAccounting(): Promise<boolean> {
    if (this.accounting === undefined) {
      const probe = await runTool('sacct', ['-n', '-X', '-j', '1', '-o', 'JobID']).catch(() => undefined);
      this.accounting = probe !== undefined && probe.code === 0 && !/accounting storage is disabled/i.test(probe.stderr + probe.stdout);
    }
    return this.accounting;
  }
}

/** SLURM's own default MaxArraySize. */
export const DEFAULT_MAX_ARRAY_SIZE = 1001;

/** The SLURM job name of a submission: how a crashed NAS Lens finds its job again. */
export function jobName(runId: string, submission: number): string {
  return `nas-lens-${runId}-${submission}`;
}
