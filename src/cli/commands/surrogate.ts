import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { getSpace, isSpaceId } from '../../core/spaces';
import type { Cell, SpaceId } from '../../core/spaces/types';
import { LOSS_NAMES, type LossName } from '../../core/surrogate/config';
import type { Surrogate } from '../../core/surrogate/surrogate';
import { qualityTier, type QualityTier } from '../../core/surrogate/tier';
import type { EpochReport } from '../../core/surrogate/train';
import { bundledModelDir, defaultDataDir, MODEL_DATASETS } from '../../node/bundled-models';
import { evaluateSurrogate } from '../../node/evaluate-surrogate';
import { formatProblem, readInputs, type InputCell, type InputProblem, type Inputs } from '../../node/read-inputs';
import { loadSurrogateDir } from '../../node/surrogate-files';
import { initTfBackend, type BackendName } from '../../node/tf-backend';
import { trainSurrogateFromCsv } from '../../node/train-surrogate';
import { bundledDartsTrainingData } from '../../node/darts-recipe';
import { printJson, table } from '../output';

const DATASETS = ['cifar10', 'cifar100', 'imagenet16'] as const;
const BACKENDS = ['auto', 'wasm', 'cpu'] as const;

interface TrainOptions {
  space: string;
  data: string;
  target: string;
  loss?: string;
  out: string;
  seed: string;
  epochs?: string;
  dataWeights?: string;
  validation?: string;
  calibration: boolean;
  nb101Space?: string;
  dartsSamples?: string;
  backend: string;
  json?: boolean;
  pairsWithinSource?: boolean;
}

interface EvalOptions {
  model: string;
  data: string;
  target: string;
  backend: string;
  json?: boolean;
}

interface RankOptions {
  dataset: string;
  model?: string;
  json?: boolean;
}

/** `nas-lens train`, `nas-lens eval` and `nas-lens rank`: the rank surrogate from the command line. */
export function registerSurrogateCommands(program: Command): void {
  program
    .command('train')
    .description('train a rank surrogate on labelled CSV tables and write a model directory (model.json, weights.bin, card.json, calibration.json)')
    .requiredOption('--space <space>', 'nb201 | nb101 | darts')
    .requiredOption(
      '--data <csv[,csv...]>',
      `labelled tables in the shared-data formats, comma-separated; '${DARTS_SHARED}': every CIFAR-10 DARTS source of the shared data, weighted as the bundled darts-cifar10`,
    )
    .option('--pairs-within-source', "targets of different files are not comparable: standardise each file's targets and rank only pairs within a file")
    .requiredOption('--target <column>', 'target column, higher = better (e.g. c10_test_200)')
    .option('--loss <loss>', `${LOSS_NAMES.join(' | ')} (default listmle)`)
    .requiredOption('--out <dir>', 'output model directory')
    .option('--seed <s>', 'random seed (same seed, data and options: identical weights)', '0')
    .option('--epochs <n>', 'maximum epochs per network (default: the tuned recipe for the space and data size)')
    .option('--data-weights <w1,w2>', 'weight per --data file: its rows appear this many times per epoch (default 1 each)')
    .option('--validation <fraction>', "share of each file held out for early stopping and the card's τ (default: 0 up to 300 rows, else 0.1)")
    .option('--no-calibration', 'skip calibration.json (faster; the model then gives no percentiles or ranks)')
    .option('--nb101-space <file>', 'nb101_space.csv.gz, the reference set of NB-101 calibration (default: $NAS_LENS_DATA or ../shared/data)')
    .option('--darts-samples <n>', 'uniformly sampled DARTS cells of the calibration table', '100000')
    .option('--backend <backend>', 'TF.js backend: auto | wasm | cpu', 'auto')
    .option('--json', 'print the model card as JSON')
    .action(async (options: TrainOptions) => {
      await trainCommand(options);
    });

  program
    .command('eval')
    .description('evaluate a model directory on a labelled CSV: Kendall τ, Spearman ρ, precision@1/5/10 %, NDCG@100')
    .requiredOption('--model <dir>', 'model directory (model.json, weights.bin)')
    .requiredOption('--data <csv>', 'labelled table in the shared-data formats')
    .requiredOption('--target <column>', 'target column, higher = better')
    .option('--backend <backend>', 'TF.js backend: auto | wasm | cpu', 'auto')
    .option('--json', 'print the result object as JSON')
    .action(async (options: EvalOptions) => {
      await evalCommand(options);
    });

  program
    .command('rank')
    .description('rank every cell in FILES with the bundled surrogate: score, percentile, predicted rank in the space, tier')
    .argument('<files...>', 'DSL files (*.nas.json, *.nas.ts), Python/text files with native notations, or CSV files')
    .option('--dataset <dataset>', 'cifar10 | cifar100 | imagenet16 (NB-201; NB-101 and DARTS have cifar10 only)', 'cifar10')
    .option('--model <dir>', 'rank with this model directory instead of the bundled ones (every cell must be of its space)')
    .option('--json', 'print {"cells":[{"name","space","score","percentile","rank","tier",...}]} as JSON')
    .action(async (files: string[], options: RankOptions) => {
      await rankCommand(files, options);
    });
}

// ---------------------------------------------------------------------------------------------- train

/** `--data darts-shared`: the sources and weights the bundled darts-cifar10 model is trained on. */
const DARTS_SHARED = 'darts-shared';

async function trainCommand(options: TrainOptions): Promise<void> {
  if (!isSpaceId(options.space)) throw new Error(`unknown space '${options.space}'; use nb201, nb101 or darts`);
  const space: SpaceId = options.space;
  const dartsShared = options.data.trim() === DARTS_SHARED;
  if (dartsShared && space !== 'darts') throw new Error(`--data ${DARTS_SHARED} is DARTS data; use it with --space darts`);
  const data = dartsShared
    ? []
    : options.data
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  if (!data.length && !dartsShared) throw new Error('--data names no file');
  if (options.loss !== undefined && !(LOSS_NAMES as readonly string[]).includes(options.loss)) {
    throw new Error(`unknown loss '${options.loss}'; use ${LOSS_NAMES.join(', ')}`);
  }
  const backend = backendOption(options.backend);
  const seed = integer(options.seed, '--seed');
  const epochs = options.epochs === undefined ? undefined : positiveInteger(options.epochs, '--epochs');
  const dataWeights =
    options.dataWeights === undefined
      ? undefined
      : options.dataWeights.split(',').map((w) => {
          const n = Number(w.trim());
          if (w.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`--data-weights: '${w}' is not a number ≥ 0`);
          return n;
        });
  if (dataWeights && dartsShared) throw new Error(`--data-weights: the weights of --data ${DARTS_SHARED} are fixed (src/node/darts-recipe.ts)`);
  if (dataWeights && dataWeights.length !== data.length) throw new Error(`--data-weights gives ${dataWeights.length} weights for ${data.length} --data files`);
  let validationFraction: number | undefined;
  if (options.validation !== undefined) {
    validationFraction = Number(options.validation);
    if (!(validationFraction >= 0 && validationFraction < 1)) throw new Error(`--validation must be a fraction in [0, 1), got '${options.validation}'`);
  }
  const dartsSamples = positiveInteger(options.dartsSamples ?? '100000', '--darts-samples');
  const skipCalibration = !options.calibration;
  const nb101SpaceFile = resolve(options.nb101Space ?? join(defaultDataDir(), 'nb101_space.csv.gz'));
  if (space === 'nb101' && !skipCalibration && !existsSync(nb101SpaceFile)) {
    throw new Error(
      `calibrating an NB-101 model needs nb101_space.csv.gz: ${nb101SpaceFile} does not exist (pass --nb101-space FILE, set NAS_LENS_DATA, or --no-calibration)`,
    );
  }
  for (const file of data) if (!existsSync(file)) throw new Error(`--data: ${file} does not exist`);
  const out = resolve(options.out);

  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {bar} {percentage}% | {network}epoch {epoch}/{epochs} | loss {loss} | validation τ {tau}',
    hideCursor: true,
    clearOnComplete: false,
  });
  let barRunning = false;
  const stopBar = () => {
    if (barRunning) bar.stop();
    barRunning = false;
  };
  const onEpoch = (r: EpochReport) => {
    const total = r.epochs * r.members;
    const payload = {
      network: r.members > 1 ? `network ${r.member + 1}/${r.members} ` : '',
      epoch: r.epoch,
      epochs: r.epochs,
      loss: r.loss.toFixed(4),
      tau: r.validationTau === undefined ? '-' : `${r.validationTau.toFixed(3)} (best ${r.bestValidationTau!.toFixed(3)})`,
    };
    if (!barRunning) {
      bar.start(total, 0, payload);
      barRunning = true;
    }
    bar.update(r.member * r.epochs + r.epoch, payload);
  };

  let card;
  try {
    const shared = dartsShared ? await bundledDartsTrainingData(defaultDataDir()) : undefined;
    card = await trainSurrogateFromCsv({
      space,
      ...(shared ?? { data }),
      ...(options.pairsWithinSource ? { pairsWithinSource: true } : {}),
      target: options.target,
      ...(options.loss ? { loss: options.loss as LossName } : {}),
      out,
      seed,
      ...(validationFraction !== undefined ? { validationFraction } : {}),
      ...(dataWeights ? { dataWeights } : {}),
      ...(epochs !== undefined ? { hyper: { epochs } } : {}),
      backend,
      nb101SpaceFile,
      dartsCalibrationSamples: dartsSamples,
      skipCalibration,
      name: basename(out),
      onEpoch,
      onPhase: (message) => {
        if (barRunning) {
          // an early-stopped last network leaves the bar short of its total
          bar.update(bar.getTotal());
          stopBar();
        }
        process.stderr.write(`${message}\n`);
      },
    });
  } finally {
    stopBar();
  }

  if (options.json) {
    printJson(card);
    return;
  }
  const v = card.evaluation.validation;
  const lines: [string, string][] = [
    ['model', `${card.name} (${getSpace(space).label}, target ${card.target}, loss ${card.loss}, seed ${card.seed})`],
    [
      'data',
      card.data
        .map(
          (d) =>
            `${d.file}: ${d.usedRows.toLocaleString('en-US')} rows${d.skippedRows ? ` (${d.skippedRows} skipped)` : ''}${d.weight !== 1 ? ` × ${d.weight}` : ''}`,
        )
        .join('; '),
    ],
    ['split', `${card.split.train.toLocaleString('en-US')} train, ${card.split.validation.toLocaleString('en-US')} held out`],
    [
      'held-out τ',
      v
        ? `${v.kendallTau.toFixed(4)} Kendall τ, ${v.spearmanRho.toFixed(4)} Spearman ρ on ${v.n.toLocaleString('en-US')} cells`
        : 'none (no held-out split; pass --validation FRACTION)',
    ],
    ['training', `${card.training.seconds.toFixed(1)} s, ${card.training.epochsRun} epochs, ${card.training.backend} backend`],
    [
      'weights',
      `${card.weights.bytes.toLocaleString('en-US')} bytes, ${card.weights.parameters.toLocaleString('en-US')} parameters, sha256 ${card.weights.sha256}`,
    ],
    [
      'calibration',
      card.calibration ? `${card.calibration.reference} (${card.calibration.seconds.toFixed(1)} s)` : 'skipped (--no-calibration: no percentiles or ranks)',
    ],
    ['written to', out],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, text] of lines) console.log(`${k.padEnd(width)}  ${text}`);
}

// ----------------------------------------------------------------------------------------------- eval

async function evalCommand(options: EvalOptions): Promise<void> {
  const backend = backendOption(options.backend);
  const modelDir = resolve(options.model);
  if (!existsSync(modelDir)) throw new Error(`no model directory ${modelDir}`);
  if (!existsSync(options.data)) throw new Error(`--data: ${options.data} does not exist`);
  const result = await evaluateSurrogate({ model: modelDir, data: options.data, target: options.target, backend });
  if (options.json) {
    printJson(result);
    return;
  }
  console.log(
    `${result.model} on ${result.data} (${result.target}): ${result.n.toLocaleString('en-US')} cells, ${result.skippedRows.toLocaleString('en-US')} rows skipped, scored in ${result.seconds.toFixed(2)} s`,
  );
  console.log(
    table(
      ['metric', 'value'],
      [
        ['Kendall τ', result.kendallTau.toFixed(4)],
        ['Spearman ρ', result.spearmanRho.toFixed(4)],
        ['precision@1%', result.precisionAt1.toFixed(4)],
        ['precision@5%', result.precisionAt5.toFixed(4)],
        ['precision@10%', result.precisionAt10.toFixed(4)],
        ['NDCG@100', result.ndcgAt100.toFixed(4)],
        ['n', result.n.toLocaleString('en-US')],
        ['skipped rows', result.skippedRows.toLocaleString('en-US')],
      ],
    ),
  );
}

// ----------------------------------------------------------------------------------------------- rank

/** One model as rank uses it: loaded once, or the reason its cells cannot be ranked. */
type ModelSlot =
  | { readonly name: string; readonly surrogate: Surrogate }
  /** `space`: the space of a model that loaded but cannot rank (no calibration table). */
  | { readonly name: string; readonly error: string; readonly space?: SpaceId };

interface RankedRow {
  readonly name: string;
  readonly space: SpaceId;
  readonly score: number;
  readonly percentile: number;
  readonly rank: number;
  readonly tier: QualityTier;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly model: string;
}

const PREDICT_CHUNK = 8192;

async function rankCommand(files: string[], options: RankOptions): Promise<void> {
  if (!(DATASETS as readonly string[]).includes(options.dataset)) throw new Error(`unknown dataset '${options.dataset}'; use ${DATASETS.join(', ')}`);
  const inputs = await readInputs(files);
  const valid = inputs.cells.filter((c): c is InputCell & { cell: Cell } => c.cell !== undefined);

  await initTfBackend({ backend: 'auto' });
  const slots = new Map<string, Promise<ModelSlot>>();
  const slotOf = (key: string, dir: string, name: string, bundled: boolean) => {
    let slot = slots.get(key);
    if (!slot) {
      slot = loadSlot(dir, name, bundled);
      slots.set(key, slot);
    }
    return slot;
  };
  const override = options.model ? resolve(options.model) : undefined;

  // Which model ranks each valid cell (or why none does); each model is loaded once.
  const assigned: { cell: InputCell & { cell: Cell }; slot: ModelSlot }[] = [];
  for (const c of valid) {
    let slot: ModelSlot;
    if (override) {
      const loaded = await slotOf(override, override, displayPath(override), false);
      const modelSpace = 'surrogate' in loaded ? loaded.surrogate.config.space : loaded.space;
      if (modelSpace !== undefined && modelSpace !== c.space) {
        slot = { name: override, error: `the model ${displayPath(override)} ranks ${getSpace(modelSpace).label} cells, not ${getSpace(c.space).label} ones` };
      } else slot = loaded;
    } else if (!MODEL_DATASETS[c.space].includes(options.dataset)) {
      slot = {
        name: `${c.space}-${options.dataset}`,
        error: `${getSpace(c.space).label} has models for ${MODEL_DATASETS[c.space].join(', ')} only, not ${options.dataset} (use --dataset ${MODEL_DATASETS[c.space][0]})`,
      };
    } else {
      const name = `${c.space}-${options.dataset}`;
      slot = await slotOf(name, bundledModelDir(c.space, options.dataset, { strict: true }), name, true);
    }
    assigned.push({ cell: c, slot });
  }

  // Score each model's cells in batches, then keep input order.
  const results = new Map<InputCell, RankedRow>();
  const bySlot = new Map<ModelSlot, (InputCell & { cell: Cell })[]>();
  for (const { cell, slot } of assigned) {
    if ('error' in slot) continue;
    const list = bySlot.get(slot) ?? [];
    list.push(cell);
    bySlot.set(slot, list);
  }
  for (const [slot, cells] of bySlot) {
    if (!('surrogate' in slot)) continue;
    for (let i = 0; i < cells.length; i += PREDICT_CHUNK) {
      const chunk = cells.slice(i, i + PREDICT_CHUNK);
      const scores = slot.surrogate.predict(chunk.map((c) => c.cell));
      const above = slot.surrogate.percentile(scores);
      const ranks = slot.surrogate.rank(scores);
      chunk.forEach((c, k) => {
        const percentile = 100 - above[k];
        results.set(c, {
          name: c.name,
          space: c.space,
          score: round(scores[k], 6),
          percentile: round(percentile, 4),
          rank: ranks[k],
          tier: qualityTier(percentile),
          file: c.file,
          line: c.line,
          column: c.column,
          model: slot.name,
        });
      });
    }
  }
  for (const slot of slots.values()) {
    const s = await slot;
    if ('surrogate' in s) s.surrogate.dispose();
  }

  const rows = inputs.cells.flatMap((c) => results.get(c) ?? []);
  if (options.json) printJson({ cells: rows });
  else if (rows.length)
    printRankTable(
      rows,
      assigned.map((a) => a.slot),
    );

  const fileOrder = new Map(files.map((f, i) => [f, i] as const));
  const problems = [...allProblems(inputs), ...modelProblems(assigned)].sort(
    (a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line || a.column - b.column,
  );
  for (const p of problems) console.error(formatProblem(p));
  if (!rows.length && !options.json) console.error('no cell ranked');
  if (problems.some((p) => p.severity === 'error')) process.exitCode = 1;
}

async function loadSlot(dir: string, name: string, bundled: boolean): Promise<ModelSlot> {
  if (!existsSync(dir)) {
    return {
      name,
      error: bundled
        ? `no model ${name}: ${displayPath(dir)} does not exist (train one with nas-lens train, or pass --model DIR)`
        : `no model directory ${displayPath(dir)}`,
    };
  }
  try {
    const surrogate = await loadSurrogateDir(dir);
    if (!surrogate.calibration) {
      surrogate.dispose();
      return {
        name,
        space: surrogate.config.space,
        error: `the model ${displayPath(dir)} has no calibration.json: percentiles and ranks need it (train it without --no-calibration)`,
      };
    }
    return { name, surrogate };
  } catch (error) {
    return { name, error: `the model ${name} cannot be loaded: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** One error per file and reason, at the first cell it concerns: `file:line:column: error: 2 DARTS cells not ranked: …`. */
function modelProblems(assigned: readonly { cell: InputCell; slot: ModelSlot }[]): InputProblem[] {
  const groups = new Map<string, { first: InputCell; count: number; spaces: Set<SpaceId>; error: string }>();
  for (const { cell, slot } of assigned) {
    if (!('error' in slot)) continue;
    const key = `${cell.file}\u0000${slot.error}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.spaces.add(cell.space);
    } else groups.set(key, { first: cell, count: 1, spaces: new Set([cell.space]), error: slot.error });
  }
  return [...groups.values()].map((g) => {
    const what = g.spaces.size === 1 ? `${getSpace([...g.spaces][0]).label} cell` : 'cell';
    return {
      severity: 'error',
      code: 'no-model',
      file: g.first.file,
      line: g.first.line,
      column: g.first.column,
      message: `${g.count} ${what}${g.count === 1 ? '' : 's'} not ranked: ${g.error}`,
    };
  });
}

function printRankTable(rows: readonly RankedRow[], slots: readonly ModelSlot[]): void {
  const sizes = new Map<string, number>();
  for (const s of slots) if ('surrogate' in s && s.surrogate.calibration) sizes.set(s.name, s.surrogate.calibration.spaceSize);
  console.log(
    table(
      ['name', 'space', 'score', 'percentile', 'rank', 'tier'],
      rows.map((r) => [
        r.name,
        r.space,
        r.score.toFixed(4),
        `${r.percentile.toFixed(2)}%`,
        `${formatBig(r.rank)} of ${formatBig(sizes.get(r.model) ?? NaN)}`,
        String(r.tier),
      ]),
    ),
  );
}

/** 15,625; spaces like DARTS (~10^18) in engineering form. */
function formatBig(n: number): string {
  if (!Number.isFinite(n)) return '?';
  return Math.abs(n) < 1e9 ? Math.round(n).toLocaleString('en-US') : n.toExponential(2).replace('e+', 'e');
}

/** Float32 scores and percentiles without their float noise (1.9722976684570312 → 1.9723). */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function allProblems(inputs: Inputs): InputProblem[] {
  return [...inputs.problems, ...inputs.cells.flatMap((c) => c.problems)];
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

// -------------------------------------------------------------------------------------------- options

function backendOption(value: string): BackendName | 'auto' {
  if (!(BACKENDS as readonly string[]).includes(value)) throw new Error(`unknown backend '${value}'; use ${BACKENDS.join(', ')}`);
  return value as BackendName | 'auto';
}

function positiveInteger(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got '${text}'`);
  return n;
}

function integer(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`${what} must be an integer, got '${text}'`);
  return n;
}
