import type { CrossValidation, FitDecision } from './types';

/** Fewest distinct measured cells for a cross-validated figure (as for the agreement figure). */
export const MIN_CV_CELLS = 8;

const tau = (v: number) => v.toFixed(3);

/**
 * Honest selection: the fitted model is used for its space only when its cross-validated τ on the
 * user's cells is strictly above the prior model's (as it is) on the same folds; without a prior,
 * when it ranks better than chance. Otherwise the reason, in words and as data.
 */
export function decideFit(input: {
  readonly cells: number;
  readonly crossValidation?: CrossValidation;
  readonly prior?: string;
  readonly skipped?: boolean;
}): FitDecision {
  const { cells, crossValidation: cv, prior } = input;
  if (cells < MIN_CV_CELLS) {
    return {
      used: false,
      reason: {
        code: 'too-few-cells',
        cells,
        minimum: MIN_CV_CELLS,
        message: `${cells} measured cells are too few to cross-validate the fit (at least ${MIN_CV_CELLS}); ${prior ?? 'the current model'} stays in use`,
      },
    };
  }
  if (!cv || input.skipped) {
    return { used: false, reason: { code: 'not-validated', message: 'the fit was not cross-validated, so it is not known to rank better' } };
  }
  const folds = `${cv.folds}-fold cross-validated Kendall τ on your cells`;
  if (prior !== undefined && cv.priorTau !== undefined) {
    if (cv.fittedTau > cv.priorTau) {
      return { used: true, message: `the fitted model ranks your held-out cells better than ${prior} (${folds}: ${tau(cv.fittedTau)} vs ${tau(cv.priorTau)})` };
    }
    return {
      used: false,
      reason: {
        code: 'prior-better',
        priorTau: cv.priorTau,
        fittedTau: cv.fittedTau,
        message: `${prior} ranks your held-out cells at least as well as the fitted model (${folds}: ${tau(cv.priorTau)} vs ${tau(cv.fittedTau)}), so ${prior} stays in use`,
      },
    };
  }
  if (cv.fittedTau > 0) return { used: true, message: `the fitted model ranks your held-out cells better than chance (${folds}: ${tau(cv.fittedTau)})` };
  return {
    used: false,
    reason: {
      code: 'not-better-than-chance',
      fittedTau: cv.fittedTau,
      message: `the fitted model ranks your held-out cells no better than chance (${folds}: ${tau(cv.fittedTau)})`,
    },
  };
}
