import type { Cell, SpaceId } from '../spaces/types';
import type { BackendKind, LocalOptions, SlurmOptions } from './runs-config';
import type { TaskState, TaskStatus } from './task-state';

/** One cell of a run, as it was read when the run was made. */
export interface RunCell {
  readonly name: string;
  readonly space: SpaceId;
  readonly hash: string;
  readonly cell: Cell;
  /** Where the cell was written, for messages. */
  readonly file?: string;
  readonly line?: number;
}

/** request.json: what a run trains and how. Written once, never changed. */
export interface RunRequest {
  readonly version: 1;
  readonly id: string;
  readonly createdAt: string;
  /** Absolute: commands run from here, logs are named relative to it. */
  readonly workspace: string;
  /** Absolute path of the results file each finished run appends one line to. */
  readonly results: string;
  readonly backend: BackendKind;
  /** The command template as the user wrote it. */
  readonly command: string;
  readonly cells: readonly RunCell[];
  /** Task t trains cells[floor(t / seeds.length)] with seeds[t % seeds.length]. */
  readonly seeds: readonly number[];
  readonly source?: string;
  readonly slurm?: SlurmOptions;
  readonly local?: LocalOptions;
}

/** One sbatch (a job array) or one local launch of some tasks. */
export interface Submission {
  readonly index: number;
  readonly at: string;
  /** Array index i runs entries[i]. */
  readonly entries: readonly { readonly task: number; readonly attempt: number }[];
  /** SLURM job name (to find the job again after a crash); local: absent. */
  readonly jobName?: string;
  /** SLURM array job id. */
  readonly job?: string;
  /** `submitting` is written before the scheduler is called: a crash there is recovered, never resubmitted blindly. */
  readonly status: 'submitting' | 'submitted' | 'refused';
  readonly error?: string;
}

/** state.json: the mutable part of a run, replaced atomically under the run's lock. */
export interface RunState {
  readonly version: 1;
  readonly id: string;
  readonly updatedAt: string;
  readonly tasks: readonly TaskState[];
  readonly submissions: readonly Submission[];
}

export function taskCell(request: RunRequest, task: number): { cell: RunCell; seed: number } {
  const per = request.seeds.length;
  return { cell: request.cells[Math.floor(task / per)], seed: request.seeds[task % per] };
}

export type StatusCounts = Readonly<Record<TaskStatus, number>>;

export function statusCounts(tasks: readonly TaskState[]): StatusCounts {
  const counts: Record<TaskStatus, number> = { pending: 0, queued: 0, running: 0, recording: 0, done: 0, failed: 0, cancelled: 0 };
  for (const t of tasks) counts[t.status]++;
  return counts;
}

/** Whole-run status: `active` while any task is not finished. */
export function runStatus(tasks: readonly TaskState[]): 'active' | 'done' | 'failed' | 'cancelled' {
  const c = statusCounts(tasks);
  if (c.pending + c.queued + c.running + c.recording > 0) return 'active';
  if (c.failed > 0) return 'failed';
  if (c.cancelled > 0) return 'cancelled';
  return 'done';
}
