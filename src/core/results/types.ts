import type { Cell, SpaceId } from '../spaces/types';

/**
 * One measured run of one cell: one line of a `*.nas-results.jsonl` file (schema:
 * media/schema/nas-results.schema.json). Only measurements live here, never predictions.
 *
 * `cell` is any notation NAS Lens reads: an NB-201 arch string, a DARTS `Genotype(...)` string or
 * `{ normal, reduce }`, `{ edges }`, `{ matrix, ops }`. Lines join cells by canonical hash, so the
 * notation of a line never has to match the notation of the cell in the user's file.
 */
export interface ResultLine {
  readonly cell: string | Readonly<Record<string, unknown>>;
  /** Optional when the notation names its space (an arch string, a Genotype); checked when given. */
  readonly space?: SpaceId;
  /** At least one finite metric, e.g. { test_acc: 71.2, val_acc: 70.8 }. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly seed?: number;
  readonly epochs?: number;
  /** Where the number comes from: a recipe, a paper, a benchmark table. */
  readonly source?: string;
  /** The cell's name where it was written (informational; the join uses the hash). */
  readonly name?: string;
  /** The canonical hash when the line was written (informational; the join recomputes it). */
  readonly hash?: string;
  /** ISO 8601 time the run finished. */
  readonly time?: string;
  /** Set when NAS Lens ran the training (a run backend). */
  readonly run?: RunInfo;
}

export interface RunInfo {
  /** The NAS Lens run (a folder under .nas-lens/runs/). */
  readonly id: string;
  readonly backend: 'slurm' | 'local';
  /** Task index within the run. */
  readonly task?: number;
  /** The scheduler's job id (SLURM `123_4`), or the process id of a local run. */
  readonly job?: string;
  readonly wallSeconds?: number;
  /** Path of the task's log (stdout), relative to the workspace where possible. */
  readonly log?: string;
}

/** Every run of one canonical cell, folded: what the editor, the agreement figure and fitting read. */
export interface MeasuredCell {
  readonly space: SpaceId;
  readonly hash: string;
  /** One representative cell of the hash (the first line's). */
  readonly cell: Cell;
  readonly metric: string;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a single run. */
  readonly std: number;
  readonly runs: number;
}
