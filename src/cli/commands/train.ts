// `nas-lens train`: a rank surrogate trained on labelled CSV tables, written as a model folder.
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { getSpace } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import type { LossName } from '../../core/surrogate/config';
import type { EpochReport } from '../../core/surrogate/train';
import { defaultDataDir } from '../../node/paths';
import { bundledDartsTrainingData } from '../../node/darts-recipe';
import type { BackendName } from '../../node/tf-backend';
import { trainSurrogateFromCsv } from '../../node/train-surrogate';
import { formatInteger } from '../../shared/format';
import { backendOption, fraction, lossOption, positiveInteger, seedOption, spaceOption, weightList } from '../options';
import { printJson } from '../output';

/** `--data darts-shared`: the sources and weights the bundled darts-cifar10 model is trained on. */
const DARTS_SHARED = 'darts-shared';

interface TrainOptions {
  space: SpaceId;
  data: string;
  target: string;
  loss?: LossName;
  out: string;
  seed: number;
  epochs?: number;
  dataWeights?: number[];
  validation?: number;
  calibration: boolean;
  nb101Space?: string;
  dartsSamples: number;
  backend: BackendName | 'auto';
  json?: boolean;
  pairsWithinSource?: boolean;
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train a rank surrogate on labelled CSV tables and write a model directory (model.json, weights.bin, card.json, calibration.json)')
    .addOption(spaceOption('space of the cells').makeOptionMandatory())
    .requiredOption(
      '--data <csv[,csv...]>',
      `labelled tables in the shared-data formats, comma-separated; '${DARTS_SHARED}': every CIFAR-10 DARTS source of the shared data, weighted as the bundled darts-cifar10`,
    )
    .option('--pairs-within-source', "targets of different files are not comparable: standardise each file's targets and rank only pairs within a file")
    .requiredOption('--target <column>', 'target column, higher = better (e.g. c10_test_200)')
    .addOption(lossOption())
    .requiredOption('--out <dir>', 'output model directory')
    .addOption(seedOption('random seed (same seed, data and options: identical weights)'))
    .addOption(new Option('--epochs <n>', 'maximum epochs per network (default: the tuned recipe for the space and data size)').argParser(positiveInteger))
    .addOption(new Option('--data-weights <w1,w2>', 'weight per --data file: its rows appear this many times per epoch (default 1 each)').argParser(weightList))
    .addOption(
      new Option('--validation <fraction>', "share of each file held out for early stopping and the card's τ (default: 0 up to 300 rows, else 0.1)").argParser(
        fraction,
      ),
    )
    .option('--no-calibration', 'skip calibration.json (faster; the model then gives no percentiles or ranks)')
    .option('--nb101-space <file>', 'nb101_space.csv.gz, the reference set of NB-101 calibration (default: $NAS_LENS_DATA or ../shared/data)')
    .addOption(new Option('--darts-samples <n>', 'uniformly sampled DARTS cells of the calibration table').argParser(positiveInteger).default(100_000))
    .addOption(backendOption())
    .option('--json', 'print the model card as JSON')
    .action(async (options: TrainOptions) => {
      await trainCommand(options);
    });
}

async function trainCommand(options: TrainOptions): Promise<void> {
  const { space, seed, epochs, dataWeights, backend } = options;
  const dartsShared = options.data.trim() === DARTS_SHARED;
  if (dartsShared && space !== 'darts') throw new Error(`--data ${DARTS_SHARED} is DARTS data; use it with --space darts`);
  const data = dartsShared
    ? []
    : options.data
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  if (!data.length && !dartsShared) throw new Error('--data names no file');
  if (dataWeights && dartsShared) throw new Error(`--data-weights: the weights of --data ${DARTS_SHARED} are fixed (src/node/darts-recipe.ts)`);
  if (dataWeights && dataWeights.length !== data.length) throw new Error(`--data-weights gives ${dataWeights.length} weights for ${data.length} --data files`);
  const validationFraction = options.validation;
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
      ...(options.loss ? { loss: options.loss } : {}),
      out,
      seed,
      ...(validationFraction !== undefined ? { validationFraction } : {}),
      ...(dataWeights ? { dataWeights } : {}),
      ...(epochs !== undefined ? { hyper: { epochs } } : {}),
      backend,
      nb101SpaceFile,
      dartsCalibrationSamples: options.dartsSamples,
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
          (d) => `${d.file}: ${formatInteger(d.usedRows)} rows${d.skippedRows ? ` (${d.skippedRows} skipped)` : ''}${d.weight !== 1 ? ` × ${d.weight}` : ''}`,
        )
        .join('; '),
    ],
    ['split', `${formatInteger(card.split.train)} train, ${formatInteger(card.split.validation)} held out`],
    [
      'held-out τ',
      v
        ? `${v.kendallTau.toFixed(4)} Kendall τ, ${v.spearmanRho.toFixed(4)} Spearman ρ on ${formatInteger(v.n)} cells`
        : 'none (no held-out split; pass --validation FRACTION)',
    ],
    ['training', `${card.training.seconds.toFixed(1)} s, ${card.training.epochsRun} epochs, ${card.training.backend} backend`],
    ['weights', `${formatInteger(card.weights.bytes)} bytes, ${formatInteger(card.weights.parameters)} parameters, sha256 ${card.weights.sha256}`],
    [
      'calibration',
      card.calibration ? `${card.calibration.reference} (${card.calibration.seconds.toFixed(1)} s)` : 'skipped (--no-calibration: no percentiles or ranks)',
    ],
    ['written to', out],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, text] of lines) console.log(`${k.padEnd(width)}  ${text}`);
}
