import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import type { Cell, SearchSpace, SpaceId } from '../../../src/core/spaces/types';
import { buildCalibration, defaultPreprocess, encodeCells, loadSurrogate, serializeSurrogate, trainSurrogate } from '../../../src/core/surrogate';
import { DEFAULT_HYPERPARAMETERS } from '../../../src/core/surrogate/train';
import { writeModelFiles } from '../../../src/node/surrogate-files';
import { initTfBackend } from '../../../src/node/tf-backend';

/**
 * A small model directory (model.json, weights.bin, card.json, calibration.json) for worker and CLI tests, used
 * when the bundled models are absent: trained for a few epochs on the log parameter count of
 * random cells (a learnable, meaningful target: bigger cells score higher).
 */
export async function makeTinyModel(dir: string, spaceId: SpaceId, options: { hidden?: number; cells?: number } = {}): Promise<string> {
  await initTfBackend();
  const space = getSpace(spaceId) as unknown as SearchSpace<Cell>;
  const rng = createRng(5);
  const cells = Array.from({ length: options.cells ?? 64 }, () => space.sample(rng));
  const preprocess = defaultPreprocess(spaceId);
  const hidden = options.hidden ?? 8;
  const trained = await trainSurrogate({
    space: spaceId,
    preprocess,
    architecture: { hidden, layers: 2, headHidden: hidden, tiers: 0, pooling: 'sum' },
    hyper: { ...DEFAULT_HYPERPARAMETERS, loss: 'pairwise', epochs: 3, batchSize: 32, members: 1, patience: 0 },
    train: { cells: encodeCells(spaceId, preprocess, cells), targets: Float32Array.from(cells, (c) => Math.log(space.cost(c).params)) },
    rng: createRng(7),
    target: 'log params (test model)',
  });
  const written = await writeModelFiles(dir, trained.config, trained.weights);
  writeFileSync(join(dir, 'card.json'), JSON.stringify({ name: 'tiny test model', weights: { sha256: written.sha256 } }));
  const files = serializeSurrogate(trained.config, trained.weights);
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
  try {
    const reference = spaceId === 'nb201' ? enumerateNb201() : Array.from({ length: 2000 }, () => space.sample(rng));
    const table = buildCalibration(model.predict(reference), { space: spaceId, reference: `${reference.length} cells (test)`, spaceSize: space.size ?? 1e18 });
    writeFileSync(join(dir, 'calibration.json'), JSON.stringify(table));
  } finally {
    model.dispose();
  }
  return dir;
}
