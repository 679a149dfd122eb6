import type { MeasuredCell } from '../results/types';
import { createRng } from '../rng';
import { getSpace } from '../spaces';
import type { Cell } from '../spaces/types';
import type { SurrogateArchitecture } from '../surrogate/config';
import { defaultPreprocess, encodeCells, selectEncoded } from '../surrogate/encode-cells';
import { createScorer } from '../surrogate/scorer';
import { trainingRecipe } from '../surrogate/recipes';
import { checkSpread } from '../surrogate/uncertainty';
import { crossValidatedTau, type FoldScores } from './cv-tau';
import { decideFit, MIN_CV_CELLS } from './decision';
import { assignFolds, foldCount } from './folds';
import { measuredSet } from './measured';
import { FitPool } from './pool';
import { resolveRecipe } from './recipe';
import { trainEnsemble } from './train-ensemble';
import { FitCancelledError, FitInputError, type CrossValidation, type FitOptions, type FitOutcome, type FitProgress, type FoldResult } from './types';

const DEFAULT_FOLDS = 5;
const SCALE_REFERENCE_CELLS = 256;
const YIELD_EVERY_MS = 10;

/**
 * Fits a ranking surrogate to the user's measured cells of one space: an ensemble trained with the
 * pairwise loss within the user's runs (optionally warm-started from the prior model, optionally
 * with the prior's benchmark labels as separate, down-weighted sources), cross-validated against
 * the prior model as it is on the same folds, then trained on every cell. Folds never split a
 * canonical cell and are held out of every source. Same inputs and seed → the same weights.
 */
export async function fitSurrogate(
  measured: readonly MeasuredCell[],
  options: FitOptions = {},
  onProgress?: (progress: FitProgress) => void,
  signal?: AbortSignal,
): Promise<FitOutcome> {
  const clock = options.clock ?? { wallMs: () => Date.now() };
  const wall0 = clock.wallMs();
  const cpu0 = clock.cpuMs?.();
  const set = measuredSet(measured);
  const { space, metric } = set;
  const prior = options.prior;
  if (prior && prior.config.space !== space)
    throw new FitInputError(`the prior model ${prior.name} ranks ${prior.config.space} cells, the measured cells are ${space} cells`);
  const recipe = resolveRecipe({ ...(prior ? { priorMembers: prior.config.members } : {}), space, cells: set.cells.length }, options.recipe);
  const seed = options.seed ?? 0;
  const rng = createRng(seed);
  const spaceImpl = getSpace(space);
  const architecture: SurrogateArchitecture = prior?.config.architecture ?? trainingRecipe(space, set.cells.length).architecture;
  const preprocess = prior?.config.preprocess ?? defaultPreprocess(space);
  const referenceRng = rng.fork();
  const scaleCells: Cell[] = [...(options.scaleReference ?? Array.from({ length: SCALE_REFERENCE_CELLS }, () => spaceImpl.sample(referenceRng))), ...set.cells];
  const pool = new FitPool(space, preprocess, set.cells, set.values, set.keys, options.priorSources ?? [], encodeCells(space, preprocess, scaleCells));

  const n = set.cells.length;
  const crossValidate = !options.skipCrossValidation && n >= MIN_CV_CELLS;
  const folds = crossValidate ? foldCount(n, options.folds ?? DEFAULT_FOLDS) : 0;
  const totalEpochs = (folds + 1) * recipe.members * recipe.epochs;
  let epochsDone = 0;
  let lastYield = Date.now();
  const pause =
    options.pause ??
    (async () => {
      if (Date.now() - lastYield < YIELD_EVERY_MS) return;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    });
  const checkCancel = () => {
    if (signal?.aborted) throw new FitCancelledError();
  };
  const train = async (userRows: number[], heldOut: ReadonlySet<string>, stage: 'cv' | 'final', fold?: number) =>
    trainEnsemble({
      pool,
      userRows,
      heldOut,
      recipe,
      prior,
      architecture,
      rng: rng.fork(),
      target: metric,
      onEpoch: async (member, epoch, epochs, loss) => {
        epochsDone++;
        onProgress?.({
          kind: 'epoch',
          stage,
          ...(fold !== undefined ? { fold } : {}),
          folds,
          member: member + 1,
          members: recipe.members,
          epoch,
          epochs,
          loss,
          fraction: epochsDone / totalEpochs,
        });
        await pause();
        checkCancel();
      },
    });
  checkCancel();

  let crossValidation: CrossValidation | undefined;
  if (crossValidate) {
    const foldOf = assignFolds(set.keys, folds, rng.fork());
    const priorScorer = prior ? createScorer(prior.config, prior.weights) : undefined;
    try {
      const fitted: FoldScores[] = [];
      const priorFolds: FoldScores[] = [];
      const perFold: FoldResult[] = [];
      // Out-of-fold scores: every member is standardised over the same reference cells, so the fold
      // models score on one scale and all pairs of cells can be compared.
      const outOfFold = new Float32Array(n);
      const outOfFoldMembers = Array.from({ length: recipe.members }, () => new Float32Array(n));
      const priorScores = new Float32Array(n);
      for (let f = 0; f < folds; f++) {
        const test = rowsWhere(foldOf, (g) => g === f);
        const model = await train(
          rowsWhere(foldOf, (g) => g !== f),
          new Set(test.map((i) => set.keys[i])),
          'cv',
          f + 1,
        );
        const testCells = selectEncoded(pool.userEncoded, test);
        const truth = Float32Array.from(test, (i) => set.values[i]);
        const scorer = createScorer(model.config, model.weights);
        const scores = scorer.score(testCells);
        const members = scorer.memberScores(testCells);
        scorer.dispose();
        test.forEach((row, k) => {
          outOfFold[row] = scores[k];
          members.forEach((m, j) => {
            outOfFoldMembers[j][row] = m[k];
          });
        });
        fitted.push({ truth, scores });
        const fittedTau = crossValidatedTau([{ truth, scores }]);
        let priorTau: number | undefined;
        if (priorScorer) {
          const foldPrior = priorScorer.score(testCells);
          test.forEach((row, k) => {
            priorScores[row] = foldPrior[k];
          });
          priorFolds.push({ truth, scores: foldPrior });
          priorTau = crossValidatedTau([{ truth, scores: foldPrior }]);
        }
        const result: FoldResult = { fold: f + 1, cells: test.length, fittedTau, ...(priorTau !== undefined ? { priorTau } : {}) };
        perFold.push(result);
        onProgress?.({ kind: 'fold', folds, ...result, fraction: epochsDone / totalEpochs });
      }
      const everyCell = [{ truth: set.values, scores: outOfFold }];
      crossValidation = {
        folds,
        fittedTau: crossValidatedTau(everyCell),
        ...(priorScorer ? { priorTau: crossValidatedTau([{ truth: set.values, scores: priorScores }]) } : {}),
        withinFolds: { fittedTau: crossValidatedTau(fitted), ...(priorScorer ? { priorTau: crossValidatedTau(priorFolds) } : {}) },
        perFold,
        ...(recipe.members >= 2 ? { spread: checkSpread(set.values, outOfFoldMembers) } : {}),
        protocol:
          `${folds}-fold cross-validation over the ${n} measured cells (seed ${seed}): a canonical cell (isomorphic or repeated) ` +
          "stays in one fold, and a fold's cells are held out of every training source; Kendall τ-b over all pairs of measured cells, " +
          'each cell scored by the model trained without its fold (fitted) or by the prior model as it is',
      };
    } finally {
      priorScorer?.dispose();
    }
  }

  const model = await train(
    set.cells.map((_, i) => i),
    new Set(),
    'final',
  );
  const cpu1 = clock.cpuMs?.();
  return {
    model,
    data: {
      space,
      metric,
      cells: n,
      runs: set.runs,
      priorSources: recipe.priorShare > 0 ? (options.priorSources ?? []).map((s) => ({ name: s.name, rows: s.cells.length })) : [],
    },
    ...(prior ? { prior: prior.name } : {}),
    recipe,
    ...(crossValidation ? { crossValidation } : {}),
    decision: decideFit({
      cells: n,
      ...(crossValidation ? { crossValidation } : {}),
      ...(prior ? { prior: prior.name } : {}),
      skipped: options.skipCrossValidation === true,
    }),
    seed,
    training: {
      wallSeconds: (clock.wallMs() - wall0) / 1000,
      ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuSeconds: (cpu1 - cpu0) / 1000 } : {}),
      epochs: epochsDone,
    },
  };
}

function rowsWhere(folds: Int32Array, keep: (fold: number) => boolean): number[] {
  const rows: number[] = [];
  folds.forEach((f, i) => {
    if (keep(f)) rows.push(i);
  });
  return rows;
}
