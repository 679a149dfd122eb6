// A new loop's request from a training setup and the loop's own choices: shared by `nas-lens loop`
// and the editor's Run loop command.
import { resolve } from 'node:path';
import type { DatasetId } from '../../core/catalog';
import type { LoopRequest } from '../../core/loop/loop-types';
import type { SpaceId } from '../../core/spaces/types';
import type { AcquisitionName } from '../../core/suggest/acquisition';
import { DEFAULT_RESULTS_FILE } from '../runs/create-run';
import type { TrainingSetup } from '../runs/training-setup';

export interface LoopChoices {
  readonly space: SpaceId;
  readonly rounds: number;
  readonly batch: number;
  /** Default: batch. */
  readonly initial?: number;
  readonly seed: number;
  readonly acquisition: AcquisitionName;
  readonly kappa: number;
  readonly minDistance: number;
  readonly searchBudget: number;
  readonly metric?: string;
  /** In parameters (not millions). */
  readonly maxParams?: number;
  readonly dataset: DatasetId;
  /** Absolute path of the model folder the first fit warm-starts from (default: the bundled model of space and dataset). */
  readonly priorDir?: string;
}

export function loopRequestOf(setup: TrainingSetup, choices: LoopChoices): Omit<LoopRequest, 'version' | 'id' | 'createdAt'> {
  return {
    workspace: setup.workspace,
    space: choices.space,
    results: resolve(setup.workspace, setup.results ?? DEFAULT_RESULTS_FILE),
    ...(choices.metric !== undefined ? { metric: choices.metric } : {}),
    rounds: choices.rounds,
    batch: choices.batch,
    initial: choices.initial ?? choices.batch,
    seed: choices.seed,
    acquisition: choices.acquisition,
    kappa: choices.kappa,
    minDistance: choices.minDistance,
    searchBudget: choices.searchBudget,
    ...(choices.maxParams !== undefined ? { maxParams: choices.maxParams } : {}),
    dataset: choices.dataset,
    ...(choices.priorDir !== undefined ? { priorDir: choices.priorDir } : {}),
    run: {
      backend: setup.backend,
      command: setup.command,
      seeds: setup.seeds,
      ...(setup.source !== undefined ? { source: setup.source } : {}),
      ...(setup.slurm ? { slurm: setup.slurm } : {}),
      ...(setup.local ? { local: setup.local } : {}),
    },
  };
}
