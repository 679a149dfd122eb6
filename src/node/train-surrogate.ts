import { basename, join, resolve } from 'node:path';
import { rankingReport, type RankingReport } from '../core/metrics';
import { createRng } from '../core/rng';
import type { Cell, SpaceId } from '../core/spaces/types';
import type { LossName, SurrogateArchitecture } from '../core/surrogate/config';
import { defaultPreprocess, encodeCells } from '../core/surrogate/encode-cells';
import { loadSurrogate } from '../core/surrogate/surrogate';
import { trainingRecipe } from '../core/surrogate/recipes';
import { DEFAULT_HYPERPARAMETERS, groupedTau, trainSurrogate, type EpochReport, type LabelledCells, type TrainHyperparameters } from '../core/surrogate/train';
import { calibrate } from './calibration-reference';
import { readLabelledCsv, type LabelledRows } from './labelled-csv';
import { getSpace } from '../core/spaces';
import { MODEL_FILES } from '../core/catalog';
import { writeJson, writeModelFiles } from './surrogate-files';
import { initTfBackend, type BackendName } from './tf-backend';

export interface TrainSurrogateOptions {
  readonly space: SpaceId;
  /** One or more CSV files in the shared-data formats (or `sources`, already read). */
  readonly data?: string | readonly string[];
  /** Labelled sets already read (e.g. joined from several files); each is a source of its own. */
  readonly sources?: readonly LabelledRows[];
  /**
   * Targets of different sources are not comparable (another benchmark, another training protocol):
   * standardise each source's targets and rank only pairs within a source.
   */
  readonly pairsWithinSource?: boolean;
  /** Canonical hashes of cells never to train on (kept out of every source, e.g. a test fold). */
  readonly exclude?: ReadonlySet<string>;
  /** Target column (higher = better), e.g. c10_test_200. */
  readonly target: string;
  readonly loss?: LossName;
  /** Output directory: model.json, weights.bin, card.json, calibration.json. */
  readonly out: string;
  readonly seed?: number;
  /** Share of the labelled rows held out for early stopping and the card's evaluation (default: the recipe's, 0.1 above 300 rows). */
  readonly validationFraction?: number;
  /** Optional weight per data file (default 1 each): a file's rows appear this many times per epoch (fractions sample). */
  readonly dataWeights?: readonly number[];
  /** Overrides of the tuned recipe (core/surrogate/recipes.ts) for this space and data size. */
  readonly architecture?: Partial<SurrogateArchitecture>;
  readonly hyper?: Partial<TrainHyperparameters>;
  readonly backend?: BackendName | 'auto';
  /** nb101_space.csv.gz, needed to calibrate NB-101 models. */
  readonly nb101SpaceFile?: string;
  /** DARTS cells sampled for the calibration table (default 100,000). */
  readonly dartsCalibrationSamples?: number;
  /** Skip calibration.json (faster; percentiles unavailable). */
  readonly skipCalibration?: boolean;
  /** Per-epoch progress (loss, validation τ) for a progress bar. */
  readonly onEpoch?: (report: EpochReport) => void;
  /** Phase messages ("reading data", "calibrating", …). */
  readonly onPhase?: (message: string) => void;
  /** Name recorded in the card, e.g. "nb201-cifar10". */
  readonly name?: string;
}

export interface ModelCard {
  readonly name: string;
  readonly space: SpaceId;
  readonly target: string;
  readonly loss: LossName;
  readonly seed: number;
  readonly data: readonly { file: string; rows: number; usedRows: number; skippedRows: number; weight: number }[];
  readonly pairs?: string;
  readonly excludedCells?: number;
  readonly split: { readonly train: number; readonly validation: number; readonly how: string };
  readonly architecture: SurrogateArchitecture;
  readonly hyperparameters: TrainHyperparameters;
  readonly keptEpochs: readonly number[];
  readonly evaluation: {
    readonly validation?: RankingReport;
    readonly crossValidation?: {
      readonly what: string;
      readonly protocol: string;
      readonly kendallTau: number;
      readonly paramsBaselineTau: number;
      readonly runs: number;
    };
  };
  readonly training: { readonly seconds: number; readonly cpuSeconds: number; readonly backend: string; readonly epochsRun: number };
  readonly weights: { readonly file: string; readonly bytes: number; readonly parameters: number; readonly sha256: string };
  readonly calibration?: { readonly file: string; readonly reference: string; readonly count: number; readonly seconds: number; readonly cpuSeconds: number };
  readonly created: string;
}

/** Reads the CSVs, trains, evaluates on the held-out split, calibrates, and writes the model directory. */
export async function trainSurrogateFromCsv(options: TrainSurrogateOptions): Promise<ModelCard> {
  const phase = options.onPhase ?? (() => undefined);
  const backend = await initTfBackend({ backend: options.backend ?? 'auto' });
  const seed = options.seed ?? 0;
  const files = typeof options.data === 'string' ? [options.data] : (options.data ?? []);
  if (files.length > 0) phase(`reading ${files.join(', ')}`);
  const sets = [...(options.sources ?? []), ...(await Promise.all(files.map((f) => readLabelledCsv(f, options.target, options.space))))]
    .map((set) => withoutExcluded(set, options.space, options.exclude))
    .map((set) => (options.pairsWithinSource ? { ...set, targets: standardised(set.targets) } : set));
  if (sets.length === 0) throw new Error('no training data given');
  const weights = options.dataWeights ?? sets.map(() => 1);
  if (weights.length !== sets.length) throw new Error(`${weights.length} data weights for ${sets.length} data sources`);
  const rng = createRng(seed);
  const labelledRows = sets.reduce((sum, set) => sum + set.cells.length, 0);
  const recipe = trainingRecipe(options.space, labelledRows);
  const validationFraction = options.validationFraction ?? recipe.validationFraction;
  const trainCells: Cell[] = [],
    trainTargets: number[] = [],
    trainGroups: number[] = [];
  const validationCells: Cell[] = [],
    validationTargets: number[] = [],
    validationGroups: number[] = [];
  sets.forEach((set, k) => {
    const order = rng.shuffle(set.cells.map((_, i) => i));
    const nValidation = Math.round(order.length * validationFraction);
    for (const i of order.slice(0, nValidation)) {
      validationCells.push(set.cells[i]);
      validationTargets.push(set.targets[i]);
      validationGroups.push(k);
    }
    const trainRows = order.slice(nValidation);
    for (const i of repeatByWeight(trainRows, weights[k], rng)) {
      trainCells.push(set.cells[i]);
      trainTargets.push(set.targets[i]);
      trainGroups.push(k);
    }
  });
  const grouping = (groups: number[]) => (options.pairsWithinSource ? { groups: Int32Array.from(groups) } : {});
  if (trainCells.length < 2) throw new Error(`only ${trainCells.length} labelled rows to train on`);

  const preprocess = defaultPreprocess(options.space);
  const architecture: SurrogateArchitecture = { ...recipe.architecture, ...options.architecture };
  const hyper: TrainHyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...recipe.hyper, ...options.hyper, ...(options.loss ? { loss: options.loss } : {}) };
  const validation =
    validationCells.length >= 2
      ? { cells: encodeCells(options.space, preprocess, validationCells), targets: Float32Array.from(validationTargets), ...grouping(validationGroups) }
      : undefined;

  phase(`training on ${trainCells.length} cells (${validationCells.length} held out), loss ${hyper.loss}, ${backend.backend} backend`);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let epochsRun = 0;
  const trained = await trainSurrogate({
    space: options.space,
    preprocess,
    architecture,
    hyper,
    train: { cells: encodeCells(options.space, preprocess, trainCells), targets: Float32Array.from(trainTargets), ...grouping(trainGroups) },
    ...(validation ? { validation } : {}),
    rng,
    target: options.target,
    onEpoch: async (report) => {
      epochsRun++;
      options.onEpoch?.(report);
      await new Promise((r) => setImmediate(r));
    },
  });
  const cpu = process.cpuUsage(cpuStart);
  const seconds = (performance.now() - started) / 1000;

  const out = resolve(options.out);
  const written = await writeModelFiles(out, trained.config, trained.weights);
  const model = loadSurrogate({ model: written.files.modelJson, weights: written.files.weightsBin });
  let calibrationInfo: ModelCard['calibration'];
  let evaluation: ModelCard['evaluation'] = {};
  try {
    if (validation) evaluation = { validation: validationReport(validation, model.predictEncoded(validation.cells)) };
    if (!options.skipCalibration) {
      phase('calibrating over the reference set');
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const table = await calibrate(model, { nb101SpaceFile: options.nb101SpaceFile, dartsSamples: options.dartsCalibrationSamples, seed });
      const cpu1 = process.cpuUsage(cpu0);
      await writeJson(join(out, MODEL_FILES.calibration), table);
      calibrationInfo = {
        file: MODEL_FILES.calibration,
        reference: table.reference,
        count: table.count,
        seconds: round((performance.now() - t) / 1000),
        cpuSeconds: round((cpu1.user + cpu1.system) / 1e6),
      };
    }
  } finally {
    model.dispose();
  }

  const card: ModelCard = {
    name: options.name ?? `${options.space}-${options.target}`,
    space: options.space,
    target: options.target,
    loss: hyper.loss,
    seed,
    data: sets.map((s, k) => ({ file: basename(s.file), rows: s.rowsInFile, usedRows: s.cells.length, skippedRows: s.skipped, weight: weights[k] })),
    ...(options.pairsWithinSource ? { pairs: "within each data source, each source's targets standardised" } : {}),
    ...(options.exclude?.size ? { excludedCells: options.exclude.size } : {}),
    split: {
      train: trainCells.length,
      validation: validationCells.length,
      how: `seeded shuffle (seed ${seed}) of each file; ${Math.round(validationFraction * 100)} % held out for early stopping and evaluation`,
    },
    architecture,
    hyperparameters: hyper,
    keptEpochs: trained.keptEpochs,
    evaluation,
    training: { seconds: round(seconds), cpuSeconds: round((cpu.user + cpu.system) / 1e6), backend: backend.backend, epochsRun },
    weights: { file: MODEL_FILES.weights, bytes: written.bytes, parameters: trained.weights.length, sha256: written.sha256 },
    ...(calibrationInfo ? { calibration: calibrationInfo } : {}),
    created: new Date().toISOString(),
  };
  await writeJson(join(out, MODEL_FILES.card), card);
  return card;
}

/** With sources, the metrics of the pooled held-out cells, but τ as the mean τ within sources. */
function validationReport(validation: LabelledCells, scores: Float32Array): RankingReport {
  const report = rankingReport(validation.targets, scores);
  return validation.groups ? { ...report, kendallTau: groupedTau(validation, scores) } : report;
}

function withoutExcluded(set: LabelledRows, space: SpaceId, exclude?: ReadonlySet<string>): LabelledRows {
  if (!exclude?.size) return set;
  const hash = getSpace(space).hash as (cell: Cell) => string;
  const keep = set.cells.map((c) => !exclude.has(hash(c)));
  return {
    ...set,
    cells: set.cells.filter((_, i) => keep[i]),
    targets: set.targets.filter((_, i) => keep[i]),
    names: set.names.filter((_, i) => keep[i]),
    skipped: set.skipped + keep.filter((k) => !k).length,
  };
}

function standardised(values: Float32Array): Float32Array {
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, values.length)) || 1;
  return values.map((v) => (v - mean) / std);
}

/** Rows repeated `weight` times (the fractional part by a seeded draw per row). */
function repeatByWeight(rows: number[], weight: number, rng: ReturnType<typeof createRng>): number[] {
  if (!(weight >= 0)) throw new Error(`a data weight must be ≥ 0, got ${weight}`);
  const out: number[] = [];
  for (const r of rows) {
    const copies = Math.floor(weight) + (rng.next() < weight - Math.floor(weight) ? 1 : 0);
    for (let c = 0; c < copies; c++) out.push(r);
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
