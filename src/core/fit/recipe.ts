import type { FitRecipe } from './types';

/** Fewest members of a fitted ensemble (its spread is the model's uncertainty). */
export const MIN_MEMBERS = 3;

/**
 * The default recipe, chosen on the fit benchmark (bench/fit.ts, bench/results/fit.json):
 * with a prior, every member is the prior network fine-tuned with the pairwise loss on the user's
 * cells (a small learning rate on a cosine to 0); without one, members train from scratch with the
 * small-set schedule of `nas-lens train`.
 */
export function defaultFitRecipe(hasPrior: boolean): FitRecipe {
  if (hasPrior) {
    return {
      members: MIN_MEMBERS, warmStart: true, loss: 'pairwise', learningRate: 1e-3, weightDecay: 1e-4,
      batchSize: 16, epochs: 30, priorShare: 0, bootstrap: true,
    };
  }
  return {
    members: MIN_MEMBERS, warmStart: false, loss: 'pairwise', learningRate: 5e-3, weightDecay: 1e-4,
    batchSize: 16, epochs: 120, priorShare: 0, bootstrap: true,
  };
}

/** The recipe with overrides, checked. */
export function resolveRecipe(hasPrior: boolean, overrides: Partial<FitRecipe> = {}): FitRecipe {
  const recipe = { ...defaultFitRecipe(hasPrior), ...overrides };
  const bad = (why: string): never => { throw new RangeError(`fit recipe: ${why}`); };
  if (!(Number.isInteger(recipe.members) && recipe.members >= MIN_MEMBERS)) bad(`members must be an integer ≥ ${MIN_MEMBERS}, got ${recipe.members}`);
  if (recipe.warmStart && !hasPrior) bad('a warm start needs a prior model');
  if (!(recipe.learningRate > 0)) bad(`learningRate must be positive, got ${recipe.learningRate}`);
  if (!(recipe.weightDecay >= 0)) bad(`weightDecay must be ≥ 0, got ${recipe.weightDecay}`);
  if (!(Number.isInteger(recipe.batchSize) && recipe.batchSize >= 2)) bad(`batchSize must be an integer ≥ 2, got ${recipe.batchSize}`);
  if (!(Number.isInteger(recipe.epochs) && recipe.epochs >= 1)) bad(`epochs must be an integer ≥ 1, got ${recipe.epochs}`);
  if (!(recipe.priorShare >= 0 && recipe.priorShare < 1)) bad(`priorShare must be in [0, 1), got ${recipe.priorShare}`);
  return recipe;
}
