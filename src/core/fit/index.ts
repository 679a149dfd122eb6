export { fitSurrogate } from './fit';
export { decideFit, MIN_CV_CELLS } from './decision';
export { defaultFitRecipe, resolveRecipe, MIN_MEMBERS, type RecipeContext } from './recipe';
export { fittedModelCard, type FittedModelCard, type CardFacts } from './card';
export {
  FitCancelledError,
  FitInputError,
  type CrossValidation,
  type FitDecision,
  type FitOptions,
  type FitOutcome,
  type FitPrior,
  type FitProgress,
  type FitRecipe,
  type FoldResult,
  type NotUsedReason,
  type PriorSource,
} from './types';
