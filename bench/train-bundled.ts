/**
 * Trains the bundled models (media/models/<space>-<dataset>) with the Node training driver, one after
 * the other, and prints each card's key figures.
 *   npx tsx bench/train-bundled.ts [--only nb201-cifar10,nb101-cifar10] [--data DIR]
 */
import { join, resolve } from 'node:path';
import type { SpaceId } from '../src/core/spaces/types';
import { trainSurrogateFromCsv } from '../src/node/train-surrogate';

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
];

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
      data: join(dataDir, m.file),
      target: m.target,
      loss: 'listmle',
      out: join(__dirname, '..', 'media', 'models', m.name),
      seed: 1,
      nb101SpaceFile: join(dataDir, 'nb101_space.csv.gz'),
      onPhase: (msg) => console.log(`${m.name}: ${msg}`),
      onEpoch: (r) => console.log(`${m.name}: epoch ${r.epoch}/${r.epochs} loss ${r.loss.toFixed(4)} validation τ ${r.validationTau?.toFixed(4)}`),
    });
    console.log(`${m.name}: τ ${card.evaluation.validation?.kendallTau.toFixed(4)} on ${card.split.validation} held-out cells, ` +
      `${card.training.seconds} s (${card.training.cpuSeconds} s CPU), ${card.weights.bytes} bytes, calibration ${card.calibration?.seconds} s`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
