import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fittedModelCard, type FittedModelCard } from '../core/fit/card';
import type { FitOutcome } from '../core/fit/types';
import type { SpaceId } from '../core/spaces/types';
import { loadSurrogate } from '../core/surrogate/surrogate';
import { calibrate } from './calibration-reference';
import { MODEL_FILES } from '../core/catalog';
import { writeJson, writeModelFiles } from './surrogate-files';

/** Where fitted models live in a workspace: .nas-lens/models/<space>-<name>/. */
export const FITTED_MODELS_DIR = join('.nas-lens', 'models');

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** .nas-lens/models/<space>-<name> under `root`; the name must be a plain file name (no separators, no "..", ≤ 64 characters). */
export function fittedModelDir(root: string, space: SpaceId, name: string): string {
  if (!NAME.test(name) || name.includes('..')) {
    throw new Error(`a fitted model's name must be 1–64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${JSON.stringify(name)}`);
  }
  return join(root, FITTED_MODELS_DIR, `${space}-${name}`);
}

export interface WriteFittedOptions {
  /** The name in the card (e.g. "my-recipe"). */
  readonly name: string;
  /** The results files the measurements came from. */
  readonly files: readonly string[];
  /** nb101_space.csv.gz: NB-101 models are calibrated over the space file. */
  readonly nb101SpaceFile?: string;
  /** NB-101: every k-th cell of the space file (default 8: 52,953 cells). */
  readonly nb101Stride?: number;
  /** DARTS: uniformly sampled reference cells (default 20,000). */
  readonly dartsSamples?: number;
  readonly backend?: string;
  /** ISO time in the card (default now). */
  readonly created?: string;
  readonly onPhase?: (message: string) => void;
}

/**
 * Writes a fitted model folder with the files of a bundled one (model.json, weights.bin,
 * calibration.json, card.json), so every model loader reads it. The folder is written beside the
 * target and moved into place at the end: a reader never sees half a model.
 */
export async function writeFittedModel(dir: string, outcome: FitOutcome, options: WriteFittedOptions): Promise<FittedModelCard> {
  const staging = join(dirname(dir), `.${Date.now().toString(36)}-${process.pid}-staging`);
  try {
    const written = await writeModelFiles(staging, outcome.model.config, outcome.model.weights);
    const model = loadSurrogate({ model: written.files.modelJson, weights: written.files.weightsBin });
    let calibration: FittedModelCard['calibration'];
    try {
      options.onPhase?.('calibrating over the reference set');
      const t = performance.now();
      const table = await calibrate(model, {
        nb101SpaceFile: options.nb101SpaceFile,
        nb101Stride: options.nb101Stride ?? 8,
        dartsSamples: options.dartsSamples ?? 20_000,
        seed: outcome.seed,
      });
      await writeJson(join(staging, MODEL_FILES.calibration), table);
      calibration = { file: MODEL_FILES.calibration, reference: table.reference, count: table.count, seconds: Math.round((performance.now() - t) / 10) / 100 };
    } finally {
      model.dispose();
    }
    const card = fittedModelCard(outcome, {
      name: options.name,
      files: options.files,
      created: options.created ?? new Date().toISOString(),
      ...(options.backend ? { backend: options.backend } : {}),
      weights: { file: MODEL_FILES.weights, bytes: written.bytes, parameters: outcome.model.weights.length, sha256: written.sha256 },
      calibration,
    });
    await writeJson(join(staging, MODEL_FILES.card), card);
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    return card;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
