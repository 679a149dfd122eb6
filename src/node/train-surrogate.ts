import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { rankingReport, type RankingReport } from '../core/metrics';
import { createRng } from '../core/rng';
import type { Cell, SpaceId } from '../core/spaces/types';
import type { LossName, Preprocess, SurrogateArchitecture } from '../core/surrogate/config';
import { encodeCells } from '../core/surrogate/encode-cells';
import { createScorer } from '../core/surrogate/scorer';
import { loadSurrogate } from '../core/surrogate/surrogate';
import { checkSpread, type SpreadCheck } from '../core/surrogate/uncertainty';
import { trainingRecipe } from '../core/surrogate/recipes';
import { distillSurrogate } from '../core/surrogate/distill';
import {
  DEFAULT_HYPERPARAMETERS,
  groupedTau,
  trainSurrogate,
  type EpochReport,
  type LabelledCells,
  type TrainedSurrogate,
  type TrainHyperparameters,
} from '../core/surrogate/train';
import { calibrate } from './calibration-reference';
import { readLabelledCsv, type LabelledRows } from './labelled-csv';
import { getSpace } from '../core/spaces';
import { openMemberCheckpoint } from './member-checkpoint';
import { MODEL_FILES } from '../core/catalog';
import { readModelFiles, writeJson, writeModelFiles } from './surrogate-files';
import { prepareModelFolder } from './output-folder';
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
  /**
   * Columns trained as auxiliary targets next to `target` (one head each; e.g. lower-fidelity accuracies
   * val_36, val_12): they shape the network, the score stays the target's. Sources given as `sources`
   * carry them in their `auxiliary` field; a missing value (NaN) leaves the cell out of that head's pairs.
   */
  readonly auxiliary?: readonly string[];
  /** A model directory to start from (same space, preprocessing and architecture): its weights, not fresh ones. */
  readonly warmStart?: string;
  /** How cells become graphs; default the recipe's (the space's default). */
  readonly preprocess?: Preprocess;
  /**
   * Distillation: the trained model (the teacher, typically an ensemble) scores these unlabelled cells and
   * one network is trained on its scores; that network is the model written (the teacher's figures go
   * to the card). For ensembles whose inference is too slow to ship.
   */
  readonly distill?: {
    readonly cells: readonly Cell[];
    /** What the cells are, for the card, e.g. "all 15,625 NB-201 cells". */
    readonly what: string;
    readonly architecture?: Partial<SurrogateArchitecture>;
    readonly hyper?: Partial<TrainHyperparameters>;
    readonly loss?: LossName;
  };
  /**
   * A directory where every finished ensemble member is saved: a training of the same request that was
   * interrupted resumes from the members it finished, and ends with the same weights.
   */
  readonly checkpoint?: string;
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
  /** Write into a non-empty folder that holds no NAS Lens model (its model files are replaced). */
  readonly force?: boolean;
  /** Data that trains but says little (few rows, targets all equal); also listed in the card. */
  readonly onWarning?: (message: string) => void;
}

export interface ModelCard {
  readonly name: string;
  readonly space: SpaceId;
  readonly target: string;
  readonly auxiliary?: readonly string[];
  readonly warmStart?: string;
  readonly loss: LossName;
  readonly seed: number;
  readonly data: readonly { file: string; rows: number; usedRows: number; skippedRows: number; weight: number }[];
  readonly pairs?: string;
  readonly excludedCells?: number;
  readonly split: { readonly train: number; readonly validation: number; readonly how: string };
  readonly architecture: SurrogateArchitecture;
  readonly hyperparameters: TrainHyperparameters;
  readonly keptEpochs: readonly number[];
  /** The model is a network distilled from this teacher (its held-out figures here; `evaluation` is the student's). */
  readonly distillation?: {
    readonly cells: string;
    readonly count: number;
    readonly loss: LossName;
    readonly studentHyperparameters: TrainHyperparameters;
    readonly teacher: {
      readonly architecture: SurrogateArchitecture;
      readonly hyperparameters: TrainHyperparameters;
      readonly members: number;
      readonly keptEpochs: readonly number[];
      readonly evaluation?: { readonly validation: RankingReport; readonly spread?: SpreadCheck };
    };
  };
  readonly evaluation: {
    readonly validation?: RankingReport;
    /** Ensembles: whether the members' spread tracks the rank error on the held-out cells (core/surrogate/uncertainty.ts). */
    readonly spread?: SpreadCheck;
    readonly crossValidation?: {
      readonly what: string;
      readonly protocol: string;
      readonly kendallTau: number;
      readonly paramsBaselineTau: number;
      readonly runs: number;
    };
  };
  readonly training: {
    readonly seconds: number;
    readonly cpuSeconds: number;
    readonly backend: string;
    readonly epochsRun: number;
    readonly resumedMembers?: number;
  };
  readonly weights: { readonly file: string; readonly bytes: number; readonly parameters: number; readonly sha256: string };
  readonly calibration?: { readonly file: string; readonly reference: string; readonly count: number; readonly seconds: number; readonly cpuSeconds: number };
  /** What was wrong with the data though training went ahead. */
  readonly warnings?: readonly string[];
  readonly created: string;
}

/** Fewer labelled rows than this train, with a warning: the order of so few cells says little. */
export const FEW_ROWS = 20;

/** Reads the CSVs, trains, evaluates on the held-out split, calibrates, and writes the model directory. */
export async function trainSurrogateFromCsv(options: TrainSurrogateOptions): Promise<ModelCard> {
  const phase = options.onPhase ?? (() => undefined);
  // The output folder first: a bad --out fails in a moment, not after the training.
  const out = await prepareModelFolder(options.out, { force: options.force });
  const backend = await initTfBackend({ backend: options.backend ?? 'auto' });
  const seed = options.seed ?? 0;
  const files = typeof options.data === 'string' ? [options.data] : (options.data ?? []);
  if (files.length > 0) phase(`reading ${files.join(', ')}`);
  const auxiliaryColumns = options.auxiliary ?? [];
  const sets = [...(options.sources ?? []), ...(await Promise.all(files.map((f) => readLabelledCsv(f, options.target, options.space, auxiliaryColumns))))]
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
  const trainAuxiliary = auxiliaryColumns.map(() => [] as number[]);
  const auxiliaryOf = (set: LabelledRows, column: string): Float32Array => {
    const values = set.auxiliary && Object.hasOwn(set.auxiliary, column) ? set.auxiliary[column] : undefined;
    if (!values) throw new Error(`${basename(set.file)} has no auxiliary column '${column}'`);
    return values;
  };
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
    const columns = auxiliaryColumns.map((c) => auxiliaryOf(set, c));
    for (const i of repeatByWeight(trainRows, weights[k], rng)) {
      trainCells.push(set.cells[i]);
      trainTargets.push(set.targets[i]);
      trainGroups.push(k);
      columns.forEach((values, c) => trainAuxiliary[c].push(values[i]));
    }
  });
  const grouping = (groups: number[]) => (options.pairsWithinSource ? { groups: Int32Array.from(groups) } : {});
  if (trainCells.length < 2) {
    const why = sets.map((s) => `${basename(s.file)}: ${s.cells.length} of ${s.rowsInFile} rows usable${s.skippedWhy ? ` (${s.skippedWhy})` : ''}`).join('; ');
    throw new Error(`only ${trainCells.length} labelled rows to train on, at least 2 are needed; ${why}`);
  }
  const warnings = dataWarnings(sets, options.target);
  for (const w of warnings) options.onWarning?.(w);

  const preprocess = options.preprocess ?? recipe.preprocess;
  const architecture: SurrogateArchitecture = {
    ...recipe.architecture,
    ...options.architecture,
    ...(auxiliaryColumns.length ? { auxiliary: auxiliaryColumns.length } : {}),
  };
  const init = options.warmStart ? await readModelFiles(options.warmStart) : undefined;
  const hyper: TrainHyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...recipe.hyper, ...options.hyper, ...(options.loss ? { loss: options.loss } : {}) };
  const validation =
    validationCells.length >= 2
      ? { cells: encodeCells(options.space, preprocess, validationCells), targets: Float32Array.from(validationTargets), ...grouping(validationGroups) }
      : undefined;

  const checkpoint = options.checkpoint
    ? await openMemberCheckpoint(options.checkpoint, {
        space: options.space,
        target: options.target,
        auxiliary: auxiliaryColumns,
        seed,
        preprocess,
        architecture,
        hyper,
        validationFraction,
        warmStart: options.warmStart ?? null,
        pairsWithinSource: options.pairsWithinSource ?? false,
        dataWeights: weights,
        data: sets.map((set) => ({ file: basename(set.file), rows: set.cells.length, sum: set.targets.reduce((a, b) => a + b, 0) })),
        excluded: options.exclude?.size ?? 0,
      })
    : undefined;
  if (checkpoint?.finished.length) phase(`resuming: ${checkpoint.finished.length} of ${hyper.members} members already trained in ${options.checkpoint}`);
  phase(`training on ${trainCells.length} cells (${validationCells.length} held out), loss ${hyper.loss}, ${backend.backend} backend`);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let epochsRun = 0;
  let memberClock = { wall: performance.now(), cpu: process.cpuUsage() };
  const teacher = await trainSurrogate({
    space: options.space,
    preprocess,
    architecture,
    hyper,
    train: {
      cells: encodeCells(options.space, preprocess, trainCells),
      targets: Float32Array.from(trainTargets),
      ...grouping(trainGroups),
      ...(auxiliaryColumns.length ? { auxiliary: trainAuxiliary.map((values) => Float32Array.from(values)) } : {}),
    },
    ...(init ? { init } : {}),
    ...(checkpoint ? { finishedMembers: checkpoint.finished } : {}),
    onMember: async (member) => {
      const cpu = process.cpuUsage(memberClock.cpu);
      const timing = { seconds: (performance.now() - memberClock.wall) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
      memberClock = { wall: performance.now(), cpu: process.cpuUsage() };
      await checkpoint?.save({ ...member, ...timing });
    },
    ...(validation ? { validation } : {}),
    rng,
    target: options.target,
    onEpoch: async (report) => {
      epochsRun++;
      options.onEpoch?.(report);
      await new Promise((r) => setImmediate(r));
    },
  });
  let trained = teacher;
  let distillation: ModelCard['distillation'];
  if (options.distill) {
    const d = options.distill;
    phase(`distilling into one network: the teacher scores ${d.what}`);
    const teacherEvaluation = validation ? evaluationOf(teacher, validation) : undefined;
    const studentArchitecture: SurrogateArchitecture = { ...recipe.architecture, auxiliary: 0, ...d.architecture };
    const studentHyper = { ...DEFAULT_HYPERPARAMETERS, ...trainingRecipe(options.space, d.cells.length).hyper, members: 1, patience: 0, ...d.hyper };
    trained = await distillSurrogate({
      space: options.space,
      preprocess,
      teacher,
      cells: encodeCells(options.space, preprocess, d.cells),
      architecture: studentArchitecture,
      hyper: studentHyper,
      ...(d.loss ? { loss: d.loss } : {}),
      rng: rng.fork(),
      target: options.target,
      onEpoch: async (report) => {
        epochsRun++;
        options.onEpoch?.(report);
        await new Promise((r) => setImmediate(r));
      },
    });
    distillation = {
      cells: d.what,
      count: d.cells.length,
      loss: d.loss ?? 'mse',
      studentHyperparameters: { ...studentHyper, loss: d.loss ?? 'mse' },
      teacher: {
        architecture,
        hyperparameters: hyper,
        members: teacher.config.members,
        keptEpochs: teacher.keptEpochs,
        ...(teacherEvaluation ? { evaluation: teacherEvaluation } : {}),
      },
    };
  }
  const cpu = process.cpuUsage(cpuStart);
  // members trained by an earlier, interrupted run count with the time they took then
  const earlier = (checkpoint?.finished ?? []).reduce((a, m) => ({ seconds: a.seconds + m.seconds, cpuSeconds: a.cpuSeconds + m.cpuSeconds }), {
    seconds: 0,
    cpuSeconds: 0,
  });
  const seconds = (performance.now() - started) / 1000 + earlier.seconds;

  // A model folder's files belong together: the old card and calibration go before the new weights come.
  await Promise.all([MODEL_FILES.card, MODEL_FILES.calibration].map((f) => rm(join(out, f), { force: true })));
  const written = await writeModelFiles(out, trained.config, trained.weights);
  const model = loadSurrogate({ model: written.files.modelJson, weights: written.files.weightsBin });
  let calibrationInfo: ModelCard['calibration'];
  let evaluation: ModelCard['evaluation'] = {};
  try {
    if (validation) evaluation = evaluationOf(trained, validation);
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
    ...(auxiliaryColumns.length ? { auxiliary: auxiliaryColumns } : {}),
    ...(options.warmStart ? { warmStart: basename(resolve(options.warmStart)) } : {}),
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
    architecture: trained.config.architecture,
    hyperparameters: distillation ? distillation.studentHyperparameters : hyper,
    keptEpochs: trained.keptEpochs,
    ...(distillation ? { distillation } : {}),
    evaluation,
    training: {
      seconds: round(seconds),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6 + earlier.cpuSeconds),
      backend: backend.backend,
      epochsRun,
      ...(checkpoint?.finished.length ? { resumedMembers: checkpoint.finished.length } : {}),
    },
    weights: { file: MODEL_FILES.weights, bytes: written.bytes, parameters: trained.weights.length, sha256: written.sha256 },
    ...(calibrationInfo ? { calibration: calibrationInfo } : {}),
    ...(warnings.length ? { warnings } : {}),
    created: new Date().toISOString(),
  };
  await writeJson(join(out, MODEL_FILES.card), card);
  return card;
}

/** Few rows, or targets all equal within a source: training goes ahead, but the user is told. */
function dataWarnings(sets: readonly LabelledRows[], target: string): string[] {
  const warnings: string[] = [];
  const rows = sets.reduce((n, s) => n + s.cells.length, 0);
  if (rows < FEW_ROWS) warnings.push(`only ${rows} labelled rows: the order the model learns from so few cells says little (use ${FEW_ROWS} or more)`);
  for (const s of sets) {
    if (s.targets.length >= 2 && s.targets.every((v) => v === s.targets[0])) {
      warnings.push(`${basename(s.file)}: every '${target}' is ${s.targets[0]}; equal targets give no order to learn from`);
    }
  }
  return warnings;
}

/** Held-out figures of a trained model: the ranking report, and for ensembles the spread check. */
function evaluationOf(trained: TrainedSurrogate, validation: LabelledCells): { validation: RankingReport; spread?: SpreadCheck } {
  const scorer = createScorer(trained.config, trained.weights);
  try {
    const report = validationReport(validation, scorer.score(validation.cells));
    const spread = trained.config.members > 1 && !validation.groups ? checkSpread(validation.targets, scorer.memberScores(validation.cells)) : undefined;
    return { validation: report, ...(spread ? { spread } : {}) };
  } finally {
    scorer.dispose();
  }
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
    ...(set.auxiliary ? { auxiliary: Object.fromEntries(Object.entries(set.auxiliary).map(([c, v]) => [c, v.filter((_, i) => keep[i])])) } : {}),
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
