import { kendallTau } from './kendall';
import { spearmanRho } from './spearman';
import { ndcgAtK, precisionAtFraction } from './top-k';

/** The ranking figures `nas-lens eval` and the benchmark print. */
export interface RankingReport {
  readonly n: number;
  readonly kendallTau: number;
  readonly spearmanRho: number;
  /** precision@1 %, @5 %, @10 %: overlap of the true and predicted top sets. */
  readonly precisionAt1: number;
  readonly precisionAt5: number;
  readonly precisionAt10: number;
  readonly ndcgAt100: number;
}

export function rankingReport(truth: ArrayLike<number>, predicted: ArrayLike<number>): RankingReport {
  return {
    n: truth.length,
    kendallTau: kendallTau(truth, predicted),
    spearmanRho: spearmanRho(truth, predicted),
    precisionAt1: precisionAtFraction(truth, predicted, 0.01),
    precisionAt5: precisionAtFraction(truth, predicted, 0.05),
    precisionAt10: precisionAtFraction(truth, predicted, 0.1),
    ndcgAt100: ndcgAtK(truth, predicted, 100),
  };
}
