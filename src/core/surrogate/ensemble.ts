import { allWeightSpecs, weightSize, type SurrogateConfig } from './config';
import type { EncodedCells } from './encode-cells';
import { createScorer, type Scorer } from './scorer';
import { meanAndSpread, type ScoresWithSpread } from './uncertainty';

export type { ScoresWithSpread } from './uncertainty';

/**
 * Ensembles: a model's members one by one. A member's standardised score is (raw − mean) / std with
 * its memberScales entry; the model's score is the mean of its members' standardised scores, and
 * its spread (the uncertainty) is their standard deviation, per cell.
 */

/** Member k's weights in one member's layout (what a warm start of one network takes). */
export function memberWeights(config: SurrogateConfig, weights: Float32Array, k: number): Float32Array {
  if (!(Number.isInteger(k) && k >= 0 && k < config.members)) throw new RangeError(`member ${k} of a ${config.members}-member model`);
  const perMember = config.weights.length / config.members;
  const size = config.weights.slice(0, perMember).reduce((s, w) => s + weightSize(w), 0);
  return weights.slice(k * size, (k + 1) * size);
}

/** Member k as a model of its own (one member, its own scale): its scores are its standardised scores. */
export function memberModel(config: SurrogateConfig, weights: Float32Array, k: number): { config: SurrogateConfig; weights: Float32Array } {
  const member = memberWeights(config, weights, k);
  return {
    config: { ...config, members: 1, memberScales: [config.memberScales[k]], weights: allWeightSpecs(config.encoding, config.architecture, 1) },
    weights: member,
  };
}

/** Scores and spreads of encoded cells; owns one scorer per member until dispose(). */
export interface EnsembleScorer {
  readonly members: number;
  /** The model's scores (as Scorer.score gives them, bit for bit) and the members' spread. */
  scoreWithSpread(set: EncodedCells): ScoresWithSpread;
  /** Each member's standardised scores. */
  memberScores(set: EncodedCells): Float32Array[];
  dispose(): void;
}

export function createEnsembleScorer(config: SurrogateConfig, weights: Float32Array): EnsembleScorer {
  const scorers: Scorer[] = [];
  try {
    for (let k = 0; k < config.members; k++) {
      const m = memberModel(config, weights, k);
      scorers.push(createScorer(m.config, m.weights));
    }
  } catch (err) {
    scorers.forEach((s) => s.dispose());
    throw err;
  }
  const memberScores = (set: EncodedCells) => scorers.map((s) => s.score(set));
  return {
    members: scorers.length,
    memberScores,
    scoreWithSpread(set) {
      return meanAndSpread(memberScores(set));
    },
    dispose() {
      scorers.forEach((s) => s.dispose());
    },
  };
}
