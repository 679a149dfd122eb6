// Where things are on disk: the installed package, its bundled models, the shared benchmark tables.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { modelFolderName, SPACE_DATASETS, spaceHasDataset, type DatasetId } from '../core/catalog';
import type { SpaceId } from '../core/spaces/types';

/**
 * The installed package's root: the first folder above this module holding package.json and media/
 * (dist/cli.js → ..; src/node/*.ts run through tsx → ../..); the working directory as a last resort.
 */
export function packageRoot(): string {
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'media'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** media/models of the installed package (or of the extension installed at `root`). */
export function bundledModelsDir(root = packageRoot()): string {
  return join(root, 'media', 'models');
}

/**
 * media/models/<space>-<dataset> of the installed package. A dataset the space has no benchmark for
 * falls back to the space's default (NB-101 and DARTS models are CIFAR-10 ones) unless `strict`.
 */
export function bundledModelDir(space: SpaceId, dataset: DatasetId, options: { strict?: boolean } = {}): string {
  const chosen = spaceHasDataset(space, dataset) || options.strict ? dataset : SPACE_DATASETS[space][0];
  return join(bundledModelsDir(), modelFolderName(space, chosen));
}

/** The shared benchmark tables: $NAS_LENS_DATA, else ../shared/data relative to the working directory. */
export function defaultDataDir(): string {
  return resolve(process.env.NAS_LENS_DATA ?? join('..', 'shared', 'data'));
}
