import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILES } from '../core/catalog';
import type { CalibrationTable } from '../core/surrogate/calibration';
import type { SurrogateConfig } from '../core/surrogate/config';
import { loadSurrogate, type Surrogate } from '../core/surrogate/surrogate';
import { parseSurrogate, serializeSurrogate, type SurrogateFiles } from '../core/surrogate/artifacts';
import { plainFileError, readBytesCapped } from './read-file';

/** A model file is read up to this size (the bundled models' weights are well under 1 MiB). */
const MAX_MODEL_FILE_BYTES = 256 * 1024 * 1024;

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
  await writePlain(join(dir, MODEL_FILES.model), files.modelJson + '\n');
  await writePlain(join(dir, MODEL_FILES.weights), files.weightsBin);
  return { files, bytes: files.weightsBin.length, sha256: sha256(files.weightsBin) };
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writePlain(path, JSON.stringify(value, null, 2) + '\n');
}

/** writeFile with a plain message naming the path ("… cannot be written: the disk is full"). */
async function writePlain(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (err) {
    throw new Error(plainFileError(err, path));
  }
}

/** A file of a model directory, read up to MAX_MODEL_FILE_BYTES; a missing or unreadable file says which and why. */
export function readModelFile(dir: string, name: string): Promise<Buffer> {
  return readBytesCapped(join(dir, name), MAX_MODEL_FILE_BYTES);
}

/** model.json and weights.bin of a model directory, checked (no tensors): e.g. to warm-start a training from. */
export async function readModelFiles(dir: string): Promise<{ config: SurrogateConfig; weights: Float32Array }> {
  const model = await readModelFile(dir, MODEL_FILES.model);
  const weights = await readModelFile(dir, MODEL_FILES.weights);
  try {
    return parseSurrogate(model.toString('utf8'), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  } catch (err) {
    throw new Error(`${dir}: ${(err as Error).message}`);
  }
}

/**
 * Loads a model directory on the active backend (call initTfBackend first). card.json must be there and
 * name weights.bin's sha256 (weights from another model or damaged ones are refused); calibration.json
 * is optional; without it percentile() and rank() throw.
 */
export async function loadSurrogateDir(dir: string): Promise<Surrogate> {
  const read = (name: string): Promise<Buffer> => readModelFile(dir, name);
  const exists = async (name: string): Promise<boolean> => {
    try {
      await access(join(dir, name));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new Error(plainFileError(err, join(dir, name)));
    }
  };
  // One after the other, so that a missing directory is always reported by its model.json.
  const model = await read(MODEL_FILES.model);
  const weights = await read(MODEL_FILES.weights);
  checkCard(dir, (await exists(MODEL_FILES.card)) ? await read(MODEL_FILES.card) : undefined, weights);
  let calibration: CalibrationTable | undefined;
  if (await exists(MODEL_FILES.calibration)) {
    const path = join(dir, MODEL_FILES.calibration);
    try {
      calibration = JSON.parse((await read(MODEL_FILES.calibration)).toString('utf8')) as CalibrationTable;
    } catch (err) {
      throw new Error(`${path}: ${(err as Error).message}`);
    }
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

/** The card's weights.sha256 against weights.bin: a model folder's files must belong together. */
function checkCard(dir: string, cardBytes: Buffer | undefined, weights: Buffer): void {
  const path = join(dir, MODEL_FILES.card);
  if (!cardBytes) throw new Error(`${path} is missing: a model folder needs the card nas-lens train writes, whose sha256 checks weights.bin`);
  let declared: unknown;
  try {
    declared = (JSON.parse(cardBytes.toString('utf8')) as { weights?: { sha256?: unknown } } | null)?.weights?.sha256;
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof declared !== 'string' || !/^[0-9a-f]{64}$/.test(declared))
    throw new Error(`${path}: weights.sha256 must be the 64 hex digits of weights.bin's sha256`);
  const actual = sha256(weights);
  if (actual !== declared) {
    throw new Error(
      `${join(dir, MODEL_FILES.weights)} does not match ${path}: its sha256 is ${actual}, the card names ${declared} (damaged, or weights of another model)`,
    );
  }
}
