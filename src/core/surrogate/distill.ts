import type { Rng } from '../rng';
import type { SpaceId } from '../spaces/types';
import type { LossName, Preprocess, SurrogateArchitecture, SurrogateConfig } from './config';
import type { EncodedCells } from './encode-cells';
import { createScorer } from './scorer';
import { trainSurrogate, type EpochReport, type TrainedSurrogate, type TrainHyperparameters } from './train';

export interface DistillRequest {
  readonly space: SpaceId;
  readonly preprocess: Preprocess;
  /** The model to imitate (typically an ensemble): its scores on `cells` are the student's targets. */
  readonly teacher: { readonly config: SurrogateConfig; readonly weights: Float32Array };
  /** Unlabelled cells (e.g. the whole space or a sample of it), encoded with `preprocess`. */
  readonly cells: EncodedCells;
  readonly architecture: SurrogateArchitecture;
  readonly hyper: Omit<TrainHyperparameters, 'loss'>;
  /** Default 'mse': the student regresses the teacher's standardised scores. */
  readonly loss?: LossName;
  readonly rng: Rng;
  readonly target?: string;
  readonly onEpoch?: (report: EpochReport) => void | Promise<void>;
}

/**
 * Distillation: one (small, fast) network trained to reproduce a teacher's scores on unlabelled cells,
 * so that an ensemble's ranking ships at the inference cost of a single network. No labels are used.
 */
export async function distillSurrogate(request: DistillRequest): Promise<TrainedSurrogate> {
  const scorer = createScorer(request.teacher.config, request.teacher.weights);
  let targets: Float32Array;
  try {
    targets = scorer.score(request.cells);
  } finally {
    scorer.dispose();
  }
  return trainSurrogate({
    space: request.space,
    preprocess: request.preprocess,
    architecture: request.architecture,
    hyper: { ...request.hyper, loss: request.loss ?? 'mse' },
    train: { cells: request.cells, targets },
    rng: request.rng,
    ...(request.target ? { target: request.target } : {}),
    ...(request.onEpoch ? { onEpoch: request.onEpoch } : {}),
  });
}
