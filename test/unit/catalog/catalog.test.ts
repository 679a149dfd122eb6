// The domain tables (src/core/catalog) and the bundled model folders named after them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import {
  allModelFolderNames,
  DATASET_IDS,
  DATASET_LABELS,
  datasetFor,
  isDatasetId,
  macroFor,
  MODEL_FILES,
  modelFolderName,
  SPACE_DATASETS,
  SPACE_SHORT_LABELS,
  spaceHasDataset,
} from '../../../src/core/catalog';
import { getSpace } from '../../../src/core/spaces';
import { SPACE_IDS } from '../../../src/core/spaces/types';
import { bundledModelDir } from '../../../src/node/paths';

test('every space has a short label and its default dataset first; every dataset a label', () => {
  for (const s of SPACE_IDS) {
    assert.ok(SPACE_SHORT_LABELS[s]);
    assert.equal(SPACE_DATASETS[s][0], 'cifar10');
    for (const d of SPACE_DATASETS[s]) assert.ok(DATASET_IDS.includes(d));
  }
  for (const d of DATASET_IDS) assert.ok(DATASET_LABELS[d]);
  assert.ok(isDatasetId('cifar100'));
  for (const bad of ['mnist', 'imagenet16-120', 'constructor', undefined, 3]) assert.ok(!isDatasetId(bad), String(bad));
});

test('a space is ranked on the chosen dataset when it has it, else on its default', () => {
  assert.equal(datasetFor('nb201', 'imagenet16'), 'imagenet16');
  assert.equal(datasetFor('nb101', 'cifar100'), 'cifar10');
  assert.equal(datasetFor('darts', 'imagenet16'), 'cifar10');
  assert.ok(spaceHasDataset('nb201', 'cifar100') && !spaceHasDataset('nb101', 'cifar100') && !spaceHasDataset('nb201', 'toString'));
});

test("the macro network of a dataset is one of the space's macros (NB-201), else the space default", () => {
  for (const d of SPACE_DATASETS.nb201) {
    const macro = macroFor('nb201', d);
    assert.ok(
      getSpace('nb201').macros.some((m) => m.id === macro),
      `${d} → ${macro}`,
    );
  }
  assert.equal(macroFor('nb201', 'imagenet16'), 'imagenet16-120');
  assert.equal(macroFor('nb101', 'cifar10'), undefined);
  assert.equal(macroFor('darts', 'cifar10'), undefined);
});

test('model folders: <space>-<dataset>, one per pair, with the bundled ones where they are', () => {
  assert.equal(modelFolderName('nb201', 'cifar100'), 'nb201-cifar100');
  const names = allModelFolderNames();
  assert.equal(
    names.length,
    SPACE_IDS.reduce((n, s) => n + SPACE_DATASETS[s].length, 0),
  );
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(Object.values(MODEL_FILES).sort(), ['calibration.json', 'card.json', 'model.json', 'weights.bin']);
  assert.equal(basename(bundledModelDir('nb201', 'imagenet16')), 'nb201-imagenet16');
  assert.equal(basename(bundledModelDir('nb101', 'cifar100')), 'nb101-cifar10', 'a dataset the space lacks falls back to its default');
  assert.equal(basename(bundledModelDir('nb101', 'cifar100', { strict: true })), 'nb101-cifar100');
  for (const name of names) {
    const dir = join('media', 'models', name);
    if (existsSync(dir)) assert.ok(existsSync(join(dir, MODEL_FILES.model)), `${dir} holds ${MODEL_FILES.model}`);
  }
});
