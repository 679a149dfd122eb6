// How a model folder is named and what it holds: media/models/<space>-<dataset>/ of the package, and
// the same layout in a custom model folder (nasLens.modelFolder) and in what `nas-lens train` writes.
import type { SpaceId } from '../spaces/types';
import { SPACE_DATASETS, type DatasetId } from './datasets';

/** File names inside a model folder. model.json and weights.bin are the network; calibration.json turns scores into percentiles and ranks. */
export const MODEL_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  card: 'card.json',
  calibration: 'calibration.json',
} as const;

/** The files a model is loaded from (and whose changes make it load again). */
export const MODEL_LOAD_FILES: readonly string[] = [MODEL_FILES.model, MODEL_FILES.weights, MODEL_FILES.calibration];

/** Folder name of a model: <space>-<dataset>, e.g. nb201-cifar10. */
export function modelFolderName(space: SpaceId, dataset: DatasetId): string {
  return `${space}-${dataset}`;
}

/** Every model folder name there can be, space by space, the default dataset first. */
export function allModelFolderNames(): string[] {
  return (Object.keys(SPACE_DATASETS) as SpaceId[]).flatMap((s) => SPACE_DATASETS[s].map((d) => modelFolderName(s, d)));
}
