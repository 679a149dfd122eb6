import type { Cell } from '../spaces/types';
import { parseSurrogate } from './artifacts';
import { checkCalibration, percentileOf, rankOf, type CalibrationTable } from './calibration';
import type { SurrogateConfig } from './config';
import { encodeCells, type EncodedCells } from './encode-cells';
import { createEnsembleScorer, type EnsembleScorer, type ScoresWithSpread } from './ensemble';
import { createScorer } from './scorer';

/** What loadSurrogate reads: model.json (text or parsed), weights.bin, and optionally calibration.json. */
export interface SurrogateArtifacts {
  readonly model: string | unknown;
  readonly weights: Uint8Array | ArrayBuffer;
  readonly calibration?: string | unknown;
}

export interface Surrogate {
  readonly config: SurrogateConfig;
  readonly calibration?: CalibrationTable;
  /** Scores (higher = better; only the order is meaningful), one per cell, batched. */
  predict(cells: readonly Cell[]): Float32Array;
  /** The same for cells already encoded with encodeCells(config.space, config.preprocess, …). */
  predictEncoded(cells: EncodedCells): Float32Array;
  /**
   * The scores (equal to predict's) and, per cell, the spread of the ensemble: the standard deviation
   * of the members' standardised scores (0 for a one-member model). Same scale as the scores.
   */
  predictWithSpread(cells: readonly Cell[]): ScoresWithSpread;
  predictEncodedWithSpread(cells: EncodedCells): ScoresWithSpread;
  /** Percentile in [0, 100] of each score over the calibration reference set; needs a calibration table. */
  percentile(scores: ArrayLike<number>): Float32Array;
  /** 1-based predicted rank of each score in the whole space; needs a calibration table. */
  rank(scores: ArrayLike<number>): Float64Array;
  dispose(): void;
}

/** Checks the artifacts (precise errors for a wrong or corrupt model) and builds the network on the active TF.js backend. */
export function loadSurrogate(artifacts: SurrogateArtifacts): Surrogate {
  const { config, weights } = parseSurrogate(artifacts.model, artifacts.weights);
  let calibration: CalibrationTable | undefined;
  if (artifacts.calibration !== undefined) {
    const json = typeof artifacts.calibration === 'string' ? JSON.parse(artifacts.calibration) : artifacts.calibration;
    calibration = checkCalibration(json);
    if (calibration.space !== config.space) throw new Error(`calibration.json is for ${calibration.space}, the model ranks ${config.space} cells`);
  }
  const scorer = createScorer(config, weights);
  // Member networks are built on the first call for a spread (the editor's ranking never needs them).
  let ensemble: EnsembleScorer | undefined;
  const withSpread = (cells: EncodedCells): ScoresWithSpread => {
    if (config.members === 1) return { scores: scorer.score(cells), spreads: new Float32Array(cells.count) };
    ensemble ??= createEnsembleScorer(config, weights);
    return ensemble.scoreWithSpread(cells);
  };
  const needTable = (): CalibrationTable => {
    if (!calibration) throw new Error('this model was loaded without calibration.json; percentiles and ranks need it');
    return calibration;
  };
  return {
    config,
    ...(calibration ? { calibration } : {}),
    predict: (cells) => scorer.score(encodeCells(config.space, config.preprocess, cells)),
    predictEncoded: (cells) => scorer.score(cells),
    predictWithSpread: (cells) => withSpread(encodeCells(config.space, config.preprocess, cells)),
    predictEncodedWithSpread: withSpread,
    percentile: (scores) => Float32Array.from(scores as ArrayLike<number>, (s) => percentileOf(needTable(), s)),
    rank: (scores) => Float64Array.from(scores as ArrayLike<number>, (s) => rankOf(needTable(), s)),
    dispose: () => {
      scorer.dispose();
      ensemble?.dispose();
    },
  };
}
