import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FitPrior, PriorSource } from '../core/fit/types';
import type { SpaceId } from '../core/spaces/types';
import { parseSurrogate } from '../core/surrogate/artifacts';
import { readLabelledCsv } from './labelled-csv';
import { MODEL_FILES } from '../core/catalog';
import { readModelFile } from './surrogate-files';

/** A model folder (bundled or fitted) as the prior of a fit: its network, named by its card (else the folder). */
export async function loadFitPrior(dir: string): Promise<FitPrior> {
  const model = await readModelFile(dir, MODEL_FILES.model);
  const weightsBin = await readModelFile(dir, MODEL_FILES.weights);
  let parsed;
  try {
    parsed = parseSurrogate(model.toString('utf8'), new Uint8Array(weightsBin.buffer, weightsBin.byteOffset, weightsBin.byteLength));
  } catch (err) {
    throw new Error(`${dir}: ${(err as Error).message}`);
  }
  let name = basename(dir);
  try {
    const card = JSON.parse(await readFile(join(dir, MODEL_FILES.card), 'utf8')) as { name?: unknown };
    if (typeof card.name === 'string' && card.name) name = card.name;
  } catch {
    // no card (or an unreadable one): the folder names the model
  }
  return { name, config: parsed.config, weights: parsed.weights };
}

/** A benchmark table's column as a prior source of a fit (rows without a valid cell or value are left out). */
export async function readPriorSource(file: string, target: string, space: SpaceId): Promise<PriorSource> {
  const rows = await readLabelledCsv(file, target, space);
  return { name: `${basename(file)} ${target}`, cells: rows.cells, targets: rows.targets };
}
