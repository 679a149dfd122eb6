import type { TrainSurrogateOptions } from './train-surrogate';
import { readDartsSources, type DartsSource, type DartsSourceKind } from './darts-sources';

/**
 * How much each kind of DARTS source weighs in training (rows per epoch = rows × weight), per
 * configuration. The benchmark (bench/darts-surrogate.ts, bench/results/surrogate-darts.json) compares
 * them on held-out real cells: the low-fidelity runs hurt (mean τ 0.441 with, 0.491 without them).
 */
export const DARTS_WEIGHTS = {
  mixed: { 'nb301-surrogate': 1, 'full-training': 4, 'low-fidelity': 0.5, published: 4 },
  'real-heavy': { 'nb301-surrogate': 0.5, 'full-training': 8, 'low-fidelity': 1, published: 8 },
  'nb301-only': { 'nb301-surrogate': 1, 'full-training': 0, 'low-fidelity': 0, published: 0 },
  'no-low-fidelity': { 'nb301-surrogate': 1, 'full-training': 4, 'low-fidelity': 0, published: 4 },
} as const satisfies Record<string, Record<DartsSourceKind, number>>;

export type DartsWeighting = keyof typeof DARTS_WEIGHTS;

/** The weighting of the bundled darts-cifar10 model (chosen by bench/darts-surrogate.ts). */
export const BUNDLED_DARTS_WEIGHTING: DartsWeighting = 'no-low-fidelity';
/** Epochs of the bundled model (no validation split: every real cell is used), as in the benchmark. */
export const BUNDLED_DARTS_EPOCHS = 30;

export function dartsWeights(config: DartsWeighting, source: DartsSource): number {
  return DARTS_WEIGHTS[config][source.kind];
}

/**
 * The bundled model's network: width 24 (3 layers). Over 3 seeds × 2 folds it ranks the held-out real
 * cells as well as width 32 (bench/results/surrogate-darts-bundled.json) and scores ~25 % more cells per
 * CPU second, which brings the DARTS batch past 10,000 cells/s (bench/results/costs.md).
 */
export const BUNDLED_DARTS_ARCHITECTURE = { hidden: 24, headHidden: 24 } as const;

/** The sources, weights and pairing the bundled darts-cifar10 model is trained with. */
export async function bundledDartsTrainingData(
  dataDir: string,
): Promise<Pick<TrainSurrogateOptions, 'sources' | 'dataWeights' | 'pairsWithinSource' | 'validationFraction' | 'hyper' | 'loss' | 'architecture'>> {
  const { sources } = await readDartsSources(dataDir);
  const used = sources.filter((s) => dartsWeights(BUNDLED_DARTS_WEIGHTING, s) > 0);
  return {
    sources: used,
    dataWeights: used.map((s) => dartsWeights(BUNDLED_DARTS_WEIGHTING, s)),
    pairsWithinSource: true,
    validationFraction: 0,
    hyper: { epochs: BUNDLED_DARTS_EPOCHS },
    loss: 'pairwise',
    architecture: BUNDLED_DARTS_ARCHITECTURE,
  };
}
