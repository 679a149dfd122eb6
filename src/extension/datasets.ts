// Datasets the bundled models rank for, which spaces have which, and the macro network whose
// params/FLOPs go with each.
import type { SpaceId } from '../core/spaces/types';

export type DatasetId = 'cifar10' | 'cifar100' | 'imagenet16';
export const DATASET_IDS: readonly DatasetId[] = ['cifar10', 'cifar100', 'imagenet16'];

export const DATASET_LABELS: { readonly [D in DatasetId]: string } = {
  cifar10: 'CIFAR-10',
  cifar100: 'CIFAR-100',
  imagenet16: 'ImageNet16-120',
};

export const SPACE_LABELS: { readonly [S in SpaceId]: string } = {
  nb201: 'NB-201',
  nb101: 'NB-101',
  darts: 'DARTS',
};

/** Datasets each space has benchmark data (and so a bundled model) for, the default first. */
export const SPACE_DATASETS: { readonly [S in SpaceId]: readonly DatasetId[] } = {
  nb201: ['cifar10', 'cifar100', 'imagenet16'],
  nb101: ['cifar10'],
  darts: ['cifar10'],
};

export function isDatasetId(value: unknown): value is DatasetId {
  return typeof value === 'string' && (DATASET_IDS as readonly string[]).includes(value);
}

/** The dataset a space is ranked on: the chosen one when the space has it, else the space's default. */
export function datasetFor(space: SpaceId, chosen: DatasetId): DatasetId {
  const available = SPACE_DATASETS[space];
  return available.includes(chosen) ? chosen : available[0];
}

/** The macro network whose cost goes with a dataset (undefined: the space's default). */
export function macroFor(space: SpaceId, dataset: DatasetId): string | undefined {
  if (space !== 'nb201') return undefined;
  return dataset === 'imagenet16' ? 'imagenet16-120' : dataset;
}

/** Folder name of a model: media/models/<space>-<dataset>/. */
export function modelFolderName(space: SpaceId, dataset: DatasetId): string {
  return `${space}-${dataset}`;
}
