/**
 * Trains the bundled models (media/models/<space>-<dataset>) with the Node training driver, one after
 * the other, and prints each card's key figures. Each recipe is the one bench/surrogate-experiments.ts
 * measured best at the bundled model's size (README, "Where the issue-11 targets stand").
 * Finished ensemble members are checkpointed under bench/tmp/train-bundled/<name>: an interrupted run
 * started again resumes from them and ends with the same weights.
 *   npx tsx bench/train-bundled.ts [--only nb201-cifar10,nb101-cifar10] [--data DIR] [--out DIR]
 */
import { join, resolve } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import type { SpaceId } from '../src/core/spaces/types';
import { BUNDLED_DARTS_WEIGHTING, bundledDartsTrainingData } from '../src/node/darts-recipe';
import { trainSurrogateFromCsv, type ModelCard, type TrainSurrogateOptions } from '../src/node/train-surrogate';

interface BundledModel {
  readonly name: string;
  readonly space: SpaceId;
  /** The labelled CSV in the data folder (DARTS: its sources come from the recipe). */
  readonly file?: string;
  readonly target: string;
  /** The recipe beyond the space's defaults (trainingRecipe), given the data folder. */
  readonly recipe: (dataDir: string) => Promise<Partial<TrainSurrogateOptions>>;
}

/**
 * NB-201: today's 3×32 network with the pairwise loss (τ 0.9355 at n = 12,500 against ListMLE's 0.9306).
 * An ensemble of 3 × (width 64, 4 layers) ranks better (0.9410) but costs ~15× per cell, below the
 * 50,000 cells/s the batch must keep, and distilled into one 3×32 network it fell to 0.9314
 * (n201-12k-w64-l4-ens3-distill).
 */
const nb201Recipe = async (): Promise<Partial<TrainSurrogateOptions>> => ({ loss: 'pairwise' });

/**
 * NB-101: an ensemble of 3 of today's 3×32 networks (τ 0.8836 at n = 19,371 against one network's 0.8771,
 * n101-big-ens3); 3 × the cost per cell keeps all 423,624 cells within 60 s. Width 64 alone gained less
 * (0.8792), and 3 × width 64 distilled into one network fell back to 0.8775 (teacher 0.8857).
 */
const nb101Recipe = async (): Promise<Partial<TrainSurrogateOptions>> => ({ loss: 'pairwise', hyper: { members: 3 } });

const MODELS: readonly BundledModel[] = [
  { name: 'nb201-cifar10', space: 'nb201', file: 'nb201.csv', target: 'c10_test_200', recipe: nb201Recipe },
  { name: 'nb201-cifar100', space: 'nb201', file: 'nb201.csv', target: 'c100_test_200', recipe: nb201Recipe },
  { name: 'nb201-imagenet16', space: 'nb201', file: 'nb201.csv', target: 'in16_test_200', recipe: nb201Recipe },
  { name: 'nb101-cifar10', space: 'nb101', file: 'nb101_subset.csv', target: 'val_108', recipe: nb101Recipe },
  { name: 'darts-cifar10', space: 'darts', target: 'CIFAR-10 accuracy (per source)', recipe: bundledDartsTrainingData },
];

/**
 * DARTS has no held-out split (every real cell trains): its card takes the cross-validation of its recipe
 * by bench/darts-surrogate.ts (`--configs no-low-fidelity --epochs 30 --seeds 1,2,3 --hidden 24`).
 */
function addCrossValidation(dir: string): void {
  const file = join(__dirname, 'results', 'surrogate-darts-bundled.json');
  const bench = JSON.parse(readFileSync(file, 'utf8')) as {
    protocol: string;
    summary: Record<string, { kendallTau: number; paramsBaselineTau: number; runs: number }>;
  };
  const summary = bench.summary[BUNDLED_DARTS_WEIGHTING];
  if (!summary) throw new Error(`${file} has no run of the '${BUNDLED_DARTS_WEIGHTING}' weighting`);
  const cardFile = join(dir, 'card.json');
  const card = JSON.parse(readFileSync(cardFile, 'utf8')) as ModelCard;
  const crossValidation = { what: 'Kendall τ on held-out real CIFAR-10 cells (darts_rethinkingpe.csv random100)', protocol: bench.protocol, ...summary };
  writeFileSync(cardFile, JSON.stringify({ ...card, evaluation: { ...card.evaluation, crossValidation } }, null, 2) + '\n');
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = resolve(option('data') ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
  const outRoot = resolve(option('out') ?? join(__dirname, '..', 'media', 'models'));
  const only = option('only')?.split(',');
  for (const name of only ?? []) {
    if (!MODELS.some((m) => m.name === name)) throw new Error(`--only: no bundled model '${name}'; choose from ${MODELS.map((m) => m.name).join(', ')}`);
  }
  for (const m of MODELS.filter((x) => !only || only.includes(x.name))) {
    const out = join(outRoot, m.name);
    const card = await trainSurrogateFromCsv({
      name: m.name,
      space: m.space,
      target: m.target,
      out,
      ...(m.file ? { data: join(dataDir, m.file) } : {}),
      ...(await m.recipe(dataDir)),
      seed: 1,
      checkpoint: join(__dirname, 'tmp', 'train-bundled', m.name),
      nb101SpaceFile: join(dataDir, 'nb101_space.csv.gz'),
      onPhase: (msg) => console.log(`${m.name}: ${msg}`),
      onEpoch: (r) => console.log(`${m.name}: epoch ${r.epoch}/${r.epochs} loss ${r.loss.toFixed(4)} validation τ ${r.validationTau?.toFixed(4)}`),
    });
    if (m.space === 'darts') addCrossValidation(out);
    const teacher = card.distillation?.teacher.evaluation?.validation.kendallTau;
    console.log(
      `${m.name}: ` +
        (card.evaluation.validation
          ? `τ ${card.evaluation.validation.kendallTau.toFixed(4)} on ${card.split.validation} held-out cells`
          : 'no held-out split (the card quotes the cross-validation)') +
        (teacher !== undefined ? ` (teacher ${teacher.toFixed(4)})` : '') +
        `, ${card.training.seconds} s (${card.training.cpuSeconds} s CPU), ${card.weights.bytes} bytes, calibration ${card.calibration?.seconds} s`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
