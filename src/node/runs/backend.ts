import type { SchedulerView } from '../../core/runs/task-outcome';
import type { TaskState } from '../../core/runs/task-state';
import type { RunRequest, Submission } from '../../core/runs/run-types';

/** What a backend works on: one run's folder and its request. */
export interface RunContext {
  readonly dir: string;
  readonly request: RunRequest;
}

/** The scheduler's ids for a submission's tasks, in entry order. */
export interface SubmitResult {
  readonly job?: string;
  readonly tasks: readonly { readonly job: string; readonly processStart?: string }[];
}

export interface SchedulerLook {
  readonly view: SchedulerView;
  readonly text?: string;
}

/** A problem found before anything was submitted (a missing tool, options the scheduler refuses). */
export class RunSetupError extends Error {
  override name = 'RunSetupError';
}

/**
 * One way to run tasks. A backend holds no run state of its own: everything it needs is in the
 * run's files, so any process can follow, cancel or retry a run another process started.
 */
export interface RunBackend {
  readonly kind: 'slurm' | 'local';
  /** False when NAS Lens must end overdue tasks itself (local); SLURM enforces --time. */
  readonly enforcesTimeLimit: boolean;
  /** Checks tools and options before the first submission, with the run's first batch script; throws RunSetupError. */
  preflight(ctx: RunContext, script: string, taskCount: number): Promise<void>;
  /** How many pending tasks one submission may take now (SLURM: the cluster's MaxArraySize; a step submits until none is left or this is 0). */
  capacity(ctx: RunContext, tasks: readonly TaskState[]): number | Promise<number>;
  /** Submits the entries of a submission whose script and task list are written. Throws when the scheduler refuses. */
  submit(ctx: RunContext, submission: Submission, script: string): Promise<SubmitResult>;
  /** A submission left `submitting` by a process that died: the job if the scheduler has it, else undefined. */
  recover(ctx: RunContext, submission: Submission): Promise<SubmitResult | undefined>;
  /** The scheduler's view of these active tasks (missing entries: not asked). */
  look(ctx: RunContext, tasks: readonly TaskState[], submissions: readonly Submission[]): Promise<Map<number, SchedulerLook>>;
  /** Asks the scheduler to end these tasks; their ends are then observed like any other. */
  cancel(ctx: RunContext, tasks: readonly TaskState[], submissions: readonly Submission[]): Promise<void>;
  /** Resolves when something may have changed (a local process ended), so followers need not wait a whole poll. */
  changed(): Promise<void>;
}
