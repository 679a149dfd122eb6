// The closed loop's request and state (`.nas-lens/loops/<id>/`): rounds of fit → suggest → train,
// each round one run of src/node/runs, its results read back from the results file.
import type { RunState } from '../runs/run-types';
import type { BackendKind, LocalOptions, SlurmOptions } from '../runs/runs-config';
import type { DatasetId } from '../catalog';
import type { SpaceId } from '../spaces/types';
import type { AcquisitionName } from '../suggest/acquisition';

/** loop.json: written once. */
export interface LoopRequest {
  readonly version: 1;
  readonly id: string;
  readonly createdAt: string;
  /** Absolute. */
  readonly workspace: string;
  readonly space: SpaceId;
  /** Absolute path of the results file the runs append to and every fit reads. */
  readonly results: string;
  /** The metric that ranks (default: the results' default metric of the space). */
  readonly metric?: string;
  readonly rounds: number;
  readonly batch: number;
  /** Random cells of the first round when fewer cells than this are measured. */
  readonly initial: number;
  readonly seed: number;
  readonly acquisition: AcquisitionName;
  readonly kappa: number;
  readonly minDistance: number;
  readonly searchBudget: number;
  /** Only cells with at most this many parameters in `dataset`'s network. */
  readonly maxParams?: number;
  /** `dataset`'s network counts maxParams; the bundled model of the space and dataset is the first fit's warm start unless `priorDir` is given. */
  readonly dataset: DatasetId;
  /** Absolute path of the model folder the first fit warm-starts from (later fits start from the previous round's ensemble). */
  readonly priorDir?: string;
  readonly run: {
    readonly backend: BackendKind;
    readonly command: string;
    readonly seeds: readonly number[];
    readonly source?: string;
    readonly slurm?: SlurmOptions;
    readonly local?: LocalOptions;
  };
}

export interface LoopRound {
  /** 1-based. */
  readonly round: number;
  /** `initial`: seeded random cells; `suggest`: a fit to every measured cell, then its batch. */
  readonly kind: 'initial' | 'suggest';
  /** For `suggest` rounds: the fit's index in the loop (its seeds derive from it). */
  readonly fitIndex?: number;
  readonly measuredBefore: number;
  readonly runId: string;
  /** The cells submitted, in order (names as in the run). */
  readonly cells: readonly { readonly name: string; readonly hash: string }[];
  /** Why the batch was smaller than asked, when it was. */
  readonly shortfall?: string;
  readonly at: string;
}

/** state.json: replaced atomically after each round's submission and at the end. */
export interface LoopState {
  readonly version: 1;
  readonly id: string;
  readonly rounds: readonly LoopRound[];
  readonly status: 'running' | 'done' | 'stopped';
  /** Why the loop stopped early (nothing left to suggest, a round that produced no result). */
  readonly reason?: string;
}

/** What a loop reports while it runs (the CLI prints it; an editor would show it). */
export type LoopEvent =
  | { readonly type: 'round-start'; readonly round: number; readonly kind: LoopRound['kind']; readonly measured: number }
  | { readonly type: 'fit'; readonly round: number; readonly fraction: number }
  | { readonly type: 'submitted'; readonly round: LoopRound }
  | { readonly type: 'round-end'; readonly round: number; readonly runId: string; readonly state: RunState }
  | { readonly type: 'note'; readonly message: string };
