import type { Cell } from '../spaces/types';
import { parseSurrogate } from './artifacts';
import { checkCalibration, percentileOf, rankOf, type CalibrationTable } from './calibration';
import type { SurrogateConfig } from './config';
import { encodeCells, type EncodedCells } from './encode-cells';
import { createScorer } from './scorer';
import { memberSpread } from './uncertainty';

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
   * Scores with the ensemble's spread per cell (standard deviation of the members' scores on their common
   * scale; all 0 for a single network): a measure of disagreement, checked in the model card.
   */
  predictWithSpread(cells: readonly Cell[]): { readonly score: Float32Array; readonly spread: Float32Array };
  /** Each member's score on the common scale (score is their mean), one array per member. */
  predictMembers(cells: readonly Cell[]): Float32Array[];
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
  const needTable = (): CalibrationTable => {
    if (!calibration) throw new Error('this model was loaded without calibration.json; percentiles and ranks need it');
    return calibration;
  };
  return {
    config,
    ...(calibration ? { calibration } : {}),
    predict: (cells) => scorer.score(encodeCells(config.space, config.preprocess, cells)),
    predictEncoded: (cells) => scorer.score(cells),
    predictWithSpread: (cells) => {
      const encoded = encodeCells(config.space, config.preprocess, cells);
      const members = scorer.memberScores(encoded);
      return { score: scorer.score(encoded), spread: memberSpread(members) };
    },
    predictMembers: (cells) => scorer.memberScores(encodeCells(config.space, config.preprocess, cells)),
    percentile: (scores) => Float32Array.from(scores as ArrayLike<number>, (s) => percentileOf(needTable(), s)),
    rank: (scores) => Float64Array.from(scores as ArrayLike<number>, (s) => rankOf(needTable(), s)),
    dispose: () => scorer.dispose(),
  };
}
