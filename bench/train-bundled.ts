/**
 * Trains the bundled models (media/models/<space>-<dataset>) with the Node training driver, one after
 * the other, and prints each card's key figures.
 *   npx tsx bench/train-bundled.ts [--only nb201-cifar10,nb101-cifar10] [--data DIR]
 */
import { join, resolve } from 'node:path';
import type { SpaceId } from '../src/core/spaces/types';
import { BUNDLED_DARTS_WEIGHTING, bundledDartsTrainingData } from '../src/node/darts-recipe';
import { trainSurrogateFromCsv, type ModelCard, type TrainSurrogateOptions } from '../src/node/train-surrogate';
import { readFileSync, writeFileSync } from 'node:fs';

interface BundledModel {
  readonly name: string;
  readonly space: SpaceId;
  readonly file: string;
  readonly target: string;
}

const MODELS: readonly BundledModel[] = [
  { name: 'nb201-cifar10', space: 'nb201', file: 'nb201.csv', target: 'c10_test_200' },
  { name: 'nb201-cifar100', space: 'nb201', file: 'nb201.csv', target: 'c100_test_200' },
  { name: 'nb201-imagenet16', space: 'nb201', file: 'nb201.csv', target: 'in16_test_200' },
  { name: 'nb101-cifar10', space: 'nb101', file: 'nb101_subset.csv', target: 'val_108' },
  { name: 'darts-cifar10', space: 'darts', file: 'darts_*.csv', target: 'CIFAR-10 accuracy (per source)' },
];

async function dataOf(m: BundledModel, dataDir: string): Promise<Partial<TrainSurrogateOptions>> {
  if (m.space === 'darts') return bundledDartsTrainingData(dataDir);
  // NB-101: pairwise measured better than ListMLE at every training size (bench/results/surrogate-nb101.md).
  return { data: join(dataDir, m.file), loss: m.space === 'nb101' ? 'pairwise' : 'listmle' };
}

/** DARTS has no held-out split (every real cell trains): its card takes the cross-validation of bench/darts-surrogate.ts. */
function addCrossValidation(dir: string): void {
  const bench = JSON.parse(readFileSync(join(__dirname, 'results', 'surrogate-darts.json'), 'utf8')) as {
    protocol: string;
    summary: Record<string, { kendallTau: number; paramsBaselineTau: number; runs: number }>;
  };
  const summary = bench.summary[BUNDLED_DARTS_WEIGHTING];
  if (!summary) throw new Error(`bench/results/surrogate-darts.json has no run of the '${BUNDLED_DARTS_WEIGHTING}' weighting`);
  const file = join(dir, 'card.json');
  const card = JSON.parse(readFileSync(file, 'utf8')) as ModelCard;
  const crossValidation = { what: 'Kendall τ on held-out real CIFAR-10 cells (darts_rethinkingpe.csv random100)', protocol: bench.protocol, ...summary };
  writeFileSync(file, JSON.stringify({ ...card, evaluation: { ...card.evaluation, crossValidation } }, null, 2) + '\n');
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = resolve(option('data') ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
  const only = option('only')?.split(',');
  for (const m of MODELS.filter((x) => !only || only.includes(x.name))) {
    const card = await trainSurrogateFromCsv({
      name: m.name,
      space: m.space,
      target: m.target,
      out: join(__dirname, '..', 'media', 'models', m.name),
      ...(await dataOf(m, dataDir)),
      seed: 1,
      nb101SpaceFile: join(dataDir, 'nb101_space.csv.gz'),
      onPhase: (msg) => console.log(`${m.name}: ${msg}`),
      onEpoch: (r) => console.log(`${m.name}: epoch ${r.epoch}/${r.epochs} loss ${r.loss.toFixed(4)} validation τ ${r.validationTau?.toFixed(4)}`),
    });
    if (m.space === 'darts') addCrossValidation(join(__dirname, '..', 'media', 'models', m.name));
    console.log(
      `${m.name}: τ ${card.evaluation.validation?.kendallTau.toFixed(4)} on ${card.split.validation} held-out cells, ` +
        `${card.training.seconds} s (${card.training.cpuSeconds} s CPU), ${card.weights.bytes} bytes, calibration ${card.calibration?.seconds} s`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
