// What `nas-lens suggest` and the editor's "Suggest cells to train next" (the worker's suggest request)
// both do: score with a given ensemble, or fit one to every measured cell from scratch (no
// cross-validation: nothing is decided from it, the protocol bench:suggest measures), then suggest.
import { fitSurrogate } from '../fit/fit';
import type { FitPrior, FitProgress, FitRecipe } from '../fit/types';
import type { MeasuredCell } from '../results/types';
import { ensembleSpreadModel } from './next-batch';
import { suggestCells, type SuggestOptions, type SuggestResult } from './suggest';

export interface FitAndSuggestOptions extends Omit<SuggestOptions, 'model' | 'measured'> {
  /** Score with this model as it is (e.g. a fitted model folder) instead of fitting one. */
  readonly model?: FitPrior;
  /** Overrides of the fit's recipe (tests: fewer epochs). */
  readonly recipe?: Partial<FitRecipe>;
  readonly onFitProgress?: (progress: FitProgress) => void;
}

export interface FitAndSuggestResult {
  readonly result: SuggestResult;
  /** The model that scored: its name and its networks (1: no spread). */
  readonly model: { readonly name: string; readonly members: number };
}

/** Same measured cells, options and seed → the same batch (the fit and the search both use the seed). */
export async function fitAndSuggest(measured: readonly MeasuredCell[], options: FitAndSuggestOptions): Promise<FitAndSuggestResult> {
  const { model: given, recipe, onFitProgress, ...suggest } = options;
  let model: FitPrior;
  if (given) {
    if (given.config.space !== options.space) throw new Error(`the model ${given.name} ranks ${given.config.space} cells, not ${options.space} ones`);
    model = given;
  } else {
    const outcome = await fitSurrogate(
      measured,
      { seed: options.seed ?? 0, skipCrossValidation: true, ...(recipe ? { recipe } : {}) },
      onFitProgress,
      options.signal,
    );
    model = { name: `an ensemble of ${outcome.model.config.members} fitted to your cells`, config: outcome.model.config, weights: outcome.model.weights };
  }
  const scorer = ensembleSpreadModel(model);
  try {
    const result = await suggestCells({ ...suggest, model: scorer.model, measured });
    return { result, model: { name: model.name, members: model.config.members } };
  } finally {
    scorer.dispose();
  }
}
