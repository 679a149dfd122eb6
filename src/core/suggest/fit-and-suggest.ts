// What `nas-lens suggest` and the editor's "Suggest cells to train next" (the worker's suggest request)
// both do: score with a given ensemble, or fit one to every measured cell warm-started from the
// space's model (fitSuggestModel: the fit bench:suggest measures and the loop makes), then suggest.
import type { FitPrior, FitProgress, FitRecipe } from '../fit/types';
import type { MeasuredCell } from '../results/types';
import { ensembleSpreadModel, fitSuggestModel } from './next-batch';
import { suggestCells, type SuggestOptions, type SuggestResult } from './suggest';

export interface FitAndSuggestOptions extends Omit<SuggestOptions, 'model' | 'measured'> {
  /** Score with this model as it is (e.g. a fitted model folder) instead of fitting one. */
  readonly model?: FitPrior;
  /** The fit warm-starts every network from this model (the space's bundled or custom model); none: from scratch. */
  readonly prior?: FitPrior;
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
  const { model: given, prior, recipe, onFitProgress, ...suggest } = options;
  for (const m of [given, prior])
    if (m && m.config.space !== options.space) throw new Error(`the model ${m.name} ranks ${m.config.space} cells, not ${options.space} ones`);
  let model: FitPrior;
  if (given) {
    model = given;
  } else {
    const fitted = await fitSuggestModel(measured, {
      ...(prior ? { start: prior } : {}),
      seed: options.seed ?? 0,
      ...(recipe ? { recipe } : {}),
      ...(onFitProgress ? { onProgress: onFitProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    model = {
      name: `an ensemble of ${fitted.config.members} fitted to your cells${prior ? ` (warm-started from ${prior.name})` : ''}`,
      config: fitted.config,
      weights: fitted.weights,
    };
  }
  const scorer = ensembleSpreadModel(model);
  try {
    const result = await suggestCells({ ...suggest, model: scorer.model, measured });
    return { result, model: { name: model.name, members: model.config.members } };
  } finally {
    scorer.dispose();
  }
}
