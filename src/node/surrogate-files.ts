import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILES } from '../core/catalog';
import type { CalibrationTable } from '../core/surrogate/calibration';
import type { SurrogateConfig } from '../core/surrogate/config';
import { loadSurrogate, type Surrogate } from '../core/surrogate/surrogate';
import { serializeSurrogate, type SurrogateFiles } from '../core/surrogate/artifacts';

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes model.json and weights.bin; returns what was written, the weights' byte count and sha256. */
export async function writeModelFiles(
  dir: string,
  config: SurrogateConfig,
  weights: Float32Array,
): Promise<{ files: SurrogateFiles; bytes: number; sha256: string }> {
  await mkdir(dir, { recursive: true });
  const files = serializeSurrogate(config, weights);
  await writeFile(join(dir, MODEL_FILES.model), files.modelJson + '\n');
  await writeFile(join(dir, MODEL_FILES.weights), files.weightsBin);
  return { files, bytes: files.weightsBin.length, sha256: sha256(files.weightsBin) };
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2) + '\n');
}

/** A file of a model directory; a missing or unreadable one is reported with its path and the reason (ENOENT, …). */
export async function readModelFile(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (err) {
    throw new Error(`cannot read ${join(dir, name)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * Loads a model directory on the active backend (call initTfBackend first). calibration.json is
 * optional; without it percentile() and rank() throw.
 */
export async function loadSurrogateDir(dir: string): Promise<Surrogate> {
  const read = (name: string) => readModelFile(dir, name);
  // One after the other, so that a missing directory is always reported by its model.json.
  const model = await read(MODEL_FILES.model);
  const weights = await read(MODEL_FILES.weights);
  let calibration: CalibrationTable | undefined;
  try {
    calibration = JSON.parse(await readFile(join(dir, MODEL_FILES.calibration), 'utf8')) as CalibrationTable;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${join(dir, MODEL_FILES.calibration)}: ${(err as Error).message}`);
  }
  try {
    return loadSurrogate({
      model: model.toString('utf8'),
      weights: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength),
      ...(calibration ? { calibration } : {}),
    });
  } catch (err) {
    throw new Error(`${dir}: ${(err as Error).message}`);
  }
}
