import type { SurrogateArchitecture } from '../surrogate/config';
import type { CrossValidation, FitOutcome, FitRecipe, NotUsedReason } from './types';

/**
 * card.json of a fitted model: what it was fitted on, both cross-validated figures, the decision
 * and the training time. Keeps the fields the bundled cards share (name, space, target, evaluation,
 * training, weights, calibration, created), so that whatever reads a bundled card reads this one.
 */
export interface FittedModelCard {
  readonly name: string;
  readonly kind: 'fitted';
  readonly space: FitOutcome['data']['space'];
  /** The measured metric the model ranks by. */
  readonly target: string;
  readonly fittedOn: {
    /** The results files the measurements came from. */
    readonly files: readonly string[];
    readonly cells: number;
    readonly runs: number;
    readonly metric: string;
  };
  /** The model the fit started from and was compared with. */
  readonly prior?: string;
  readonly priorSources: FitOutcome['data']['priorSources'];
  readonly recipe: FitRecipe;
  readonly architecture: SurrogateArchitecture;
  readonly members: number;
  readonly seed: number;
  readonly evaluation: {
    readonly crossValidation?: {
      readonly what: string;
      readonly protocol: string;
      readonly folds: number;
      /** (b) the fitting recipe. */
      readonly kendallTau: number;
      /** (a) the prior model as it is, on the same cells. */
      readonly priorKendallTau?: number;
      /** Both figures within folds only. */
      readonly withinFolds: CrossValidation['withinFolds'];
      readonly perFold: CrossValidation['perFold'];
      /** The ensemble's spread against its rank error on the held-out cells (percentile points). */
      readonly spread?: CrossValidation['spread'];
    };
  };
  /** Whether the fitted model is used for its space, and why (not). */
  readonly decision: { readonly used: boolean; readonly message: string; readonly reason?: NotUsedReason['code'] };
  readonly training: { readonly seconds: number; readonly cpuSeconds?: number; readonly epochs: number; readonly backend?: string };
  readonly weights?: { readonly file: string; readonly bytes: number; readonly parameters: number; readonly sha256: string };
  readonly calibration?: { readonly file: string; readonly reference: string; readonly count: number; readonly seconds: number };
  readonly created: string;
}

export interface CardFacts {
  readonly name: string;
  readonly files: readonly string[];
  readonly created: string;
  readonly backend?: string;
  readonly weights?: FittedModelCard['weights'];
  readonly calibration?: FittedModelCard['calibration'];
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

export function fittedModelCard(outcome: FitOutcome, facts: CardFacts): FittedModelCard {
  const cv = outcome.crossValidation;
  const decision = outcome.decision;
  return {
    name: facts.name,
    kind: 'fitted',
    space: outcome.data.space,
    target: outcome.data.metric,
    fittedOn: { files: facts.files, cells: outcome.data.cells, runs: outcome.data.runs, metric: outcome.data.metric },
    ...(outcome.prior ? { prior: outcome.prior } : {}),
    priorSources: outcome.data.priorSources,
    recipe: outcome.recipe,
    architecture: outcome.model.config.architecture,
    members: outcome.model.config.members,
    seed: outcome.seed,
    evaluation: cv
      ? {
          crossValidation: {
            what: `Kendall τ on your held-out measured cells (${outcome.data.metric})`,
            protocol: cv.protocol,
            folds: cv.folds,
            kendallTau: round(cv.fittedTau),
            ...(cv.priorTau !== undefined ? { priorKendallTau: round(cv.priorTau) } : {}),
            withinFolds: {
              fittedTau: round(cv.withinFolds.fittedTau),
              ...(cv.withinFolds.priorTau !== undefined ? { priorTau: round(cv.withinFolds.priorTau) } : {}),
            },
            perFold: cv.perFold.map((f) => ({ ...f, fittedTau: round(f.fittedTau), ...(f.priorTau !== undefined ? { priorTau: round(f.priorTau) } : {}) })),
            ...(cv.spread
              ? {
                  spread: {
                    n: cv.spread.n,
                    spreadErrorRho: round(cv.spread.spreadErrorRho),
                    coverage2Spread: round(cv.spread.coverage2Spread),
                    medianSpread: round(cv.spread.medianSpread, 2),
                    medianAbsoluteError: round(cv.spread.medianAbsoluteError, 2),
                  },
                }
              : {}),
          },
        }
      : {},
    decision: decision.used ? { used: true, message: decision.message } : { used: false, message: decision.reason.message, reason: decision.reason.code },
    training: {
      seconds: round(outcome.training.wallSeconds, 2),
      ...(outcome.training.cpuSeconds !== undefined ? { cpuSeconds: round(outcome.training.cpuSeconds, 2) } : {}),
      epochs: outcome.training.epochs,
      ...(facts.backend ? { backend: facts.backend } : {}),
    },
    ...(facts.weights ? { weights: facts.weights } : {}),
    ...(facts.calibration ? { calibration: facts.calibration } : {}),
    created: facts.created,
  };
}
