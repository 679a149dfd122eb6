// The datasets NAS Lens ranks on, which space has which, and the macro network whose params/FLOPs go
// with each: the one table the extension, the CLI, the worker and package.json's enums follow
// (test/unit/extension/settings.test.ts holds package.json to it).
import type { SpaceId } from '../spaces/types';

export type DatasetId = 'cifar10' | 'cifar100' | 'imagenet16';
export const DATASET_IDS: readonly DatasetId[] = ['cifar10', 'cifar100', 'imagenet16'];

export const DATASET_LABELS: { readonly [D in DatasetId]: string } = {
  cifar10: 'CIFAR-10',
  cifar100: 'CIFAR-100',
  imagenet16: 'ImageNet16-120',
};

/** The short names of the spaces, for lenses, titles and messages (SearchSpace.label is the long one: "NAS-Bench-201"). */
export const SPACE_SHORT_LABELS: { readonly [S in SpaceId]: string } = {
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

/** Whether a space has benchmark data (and so a model) for a dataset. */
export function spaceHasDataset(space: SpaceId, dataset: string): boolean {
  return (SPACE_DATASETS[space] as readonly string[]).includes(dataset);
}

/** The dataset a space is ranked on: the chosen one when the space has it, else the space's default. */
export function datasetFor(space: SpaceId, chosen: DatasetId): DatasetId {
  return spaceHasDataset(space, chosen) ? chosen : SPACE_DATASETS[space][0];
}

/** The macro network whose cost goes with a dataset (undefined: the space's default). */
export function macroFor(space: SpaceId, dataset: DatasetId): string | undefined {
  if (space !== 'nb201') return undefined;
  return dataset === 'imagenet16' ? 'imagenet16-120' : dataset;
}
