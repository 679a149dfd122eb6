import type { Cell, Nb201Cell } from '../spaces/types';
import { parseSurrogate, SurrogateFormatError } from './artifacts';
import { checkCalibration, percentileOf, rankOf, type CalibrationTable } from './calibration';
import type { SurrogateConfig } from './config';
import { encodeCells, type EncodedCells } from './encode-cells';
import { createEnsembleScorer, type EnsembleScorer } from './ensemble';
import { nb201EncodingClass } from './nb201-canonical';
import { createScorer, type Scorer } from './scorer';
import type { ScoresWithSpread } from './uncertainty';

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
    predict: (cells) =>
      finiteScores(
        (config.space === 'nb201' ? predictNb201(scorer, config, cells) : undefined) ?? scorer.score(encodeCells(config.space, config.preprocess, cells)),
      ),
    predictEncoded: (cells) => finiteScores(scorer.score(cells)),
    predictWithSpread: (cells) => withSpread(encodeCells(config.space, config.preprocess, cells)),
    predictEncodedWithSpread: withSpread,
    predictMembers: (cells) => scorer.memberScores(encodeCells(config.space, config.preprocess, cells)),
    percentile: (scores) => Float32Array.from(scores as ArrayLike<number>, (s) => percentileOf(needTable(), s)),
    rank: (scores) => Float64Array.from(scores as ArrayLike<number>, (s) => rankOf(needTable(), s)),
    dispose: () => {
      scorer.dispose();
      ensemble?.dispose();
    },
  };
}

/** Scores as they come, or an error when one is not finite: corrupt weights must not become a "100 %" rank. */
function finiteScores(scores: Float32Array): Float32Array {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new SurrogateFormatError(
        `the model gives a non-finite score (${scores[i]}) for cell ${i + 1} of ${scores.length}: its weights are corrupt or do not belong to its model.json`,
      );
    }
  }
  return scores;
}

/**
 * NB-201 fast path: cells grouped by the cell they encode as (nb201EncodingClass: a table lookup), one
 * of each group encoded and scored, the scores spread back. Undefined when some cell is not a valid
 * NB-201 cell (the general path then reports it).
 */
function predictNb201(scorer: Scorer, config: SurrogateConfig, cells: readonly Cell[]): Float32Array | undefined {
  const groupOf = new Int32Array(cells.length);
  const firstOf = new Map<number, number>();
  const representatives: Cell[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cls = nb201EncodingClass(cells[i] as Nb201Cell, config.preprocess);
    if (cls < 0) return undefined;
    let group = firstOf.get(cls);
    if (group === undefined) {
      group = representatives.length;
      firstOf.set(cls, group);
      representatives.push(cells[i]);
    }
    groupOf[i] = group;
  }
  if (representatives.length === cells.length) return undefined;
  const scores = scorer.score(encodeCells('nb201', config.preprocess, representatives));
  return Float32Array.from(groupOf, (g) => scores[g]);
}
