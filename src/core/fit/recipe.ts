import type { SpaceId } from '../spaces/types';
import type { FitRecipe } from './types';

/** Fewest members of a fitted ensemble (its spread is the model's uncertainty). */
export const MIN_MEMBERS = 3;

/**
 * Share of the prior sources' rows (when they are given) per space, as measured with bench/fit.ts on
 * study draws 100–102 (not the table's draws), at share 0.5 against 0: on DARTS, whose prior is weak
 * on real trainings, the NB-301 labels beside the user's runs helped a little (n = 25 / 50: mean τ
 * 0.402 / 0.433 vs 0.392 / 0.417); on NB-201 they did not (ImageNet16-120: 0.810 / 0.815 vs
 * 0.797 / 0.816) or hurt (CIFAR-10 after 12 epochs: 0.738 / 0.773 vs 0.765 / 0.806): the warm
 * start carries them already. NB-101 was not measured (no second NB-101 benchmark to simulate a user with).
 */
const PRIOR_SHARE: Record<SpaceId, number> = { nb201: 0, nb101: 0, darts: 0.5 };

/** What the default recipe depends on. */
export interface RecipeContext {
  /** Members of the prior model, when there is one. */
  readonly priorMembers?: number;
  readonly space?: SpaceId;
  /** Distinct measured cells. */
  readonly cells?: number;
}

/**
 * The default recipe, chosen on the fit benchmark (bench/fit.ts, bench/results/fit.json):
 * with a prior, every member is the prior network fine-tuned with the pairwise loss on the user's
 * cells (a small learning rate on a cosine to 0); without one, members train from scratch with the
 * small-set schedule of `nas-lens train` (3 networks, 120 epochs, batches of 16, all cells each).
 * Members that would start from the same weights (a prior with fewer members) each train on a
 * bootstrap resample of the cells, so that they differ even in full batches and their spread
 * means something; otherwise every member sees every cell.
 */
export function defaultFitRecipe(context: RecipeContext = {}): FitRecipe {
  const { priorMembers, space, cells = 0 } = context;
  if (priorMembers !== undefined) {
    // Below 64 cells, batches of 16 (two or more steps an epoch): on ImageNet16-120 at n = 25 full
    // batches of 32 with twice the learning rate gave τ 0.797 against 0.811 (3 study draws, each
    // lower); above, batches of 32 halve the cost with the step size doubled.
    const small = cells < 64;
    return {
      members: MIN_MEMBERS,
      warmStart: true,
      loss: 'pairwise',
      learningRate: small ? 1e-3 : 2e-3,
      weightDecay: 1e-4,
      batchSize: small ? 16 : 32,
      epochs: 30,
      priorShare: space ? PRIOR_SHARE[space] : 0,
      bootstrap: priorMembers < MIN_MEMBERS,
      // (resolveRecipe sets bootstrap for the member count actually asked for)
    };
  }
  return {
    members: MIN_MEMBERS,
    warmStart: false,
    loss: 'pairwise',
    learningRate: 5e-3,
    weightDecay: 1e-4,
    batchSize: 16,
    epochs: 120,
    priorShare: 0,
    bootstrap: false,
  };
}

/** The recipe with overrides, checked. */
export function resolveRecipe(context: RecipeContext = {}, overrides: Partial<FitRecipe> = {}): FitRecipe {
  const hasPrior = context.priorMembers !== undefined;
  const base = defaultFitRecipe(context);
  const members = overrides.members ?? base.members;
  const bootstrap = hasPrior && base.warmStart ? context.priorMembers! < members : base.bootstrap;
  const recipe: FitRecipe = { ...base, bootstrap, ...overrides };
  const bad = (why: string): never => {
    throw new RangeError(`fit recipe: ${why}`);
  };
  if (!(Number.isInteger(recipe.members) && recipe.members >= MIN_MEMBERS)) bad(`members must be an integer ≥ ${MIN_MEMBERS}, got ${recipe.members}`);
  if (recipe.warmStart && !hasPrior) bad('a warm start needs a prior model');
  if (!(recipe.learningRate > 0)) bad(`learningRate must be positive, got ${recipe.learningRate}`);
  if (!(recipe.weightDecay >= 0)) bad(`weightDecay must be ≥ 0, got ${recipe.weightDecay}`);
  if (!(Number.isInteger(recipe.batchSize) && recipe.batchSize >= 2)) bad(`batchSize must be an integer ≥ 2, got ${recipe.batchSize}`);
  if (!(Number.isInteger(recipe.epochs) && recipe.epochs >= 1)) bad(`epochs must be an integer ≥ 1, got ${recipe.epochs}`);
  if (!(recipe.priorShare >= 0 && recipe.priorShare < 1)) bad(`priorShare must be in [0, 1), got ${recipe.priorShare}`);
  return recipe;
}
