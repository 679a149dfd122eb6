import { createRng } from '../core/rng';
import { darts, getSpace } from '../core/spaces';
import { enumerateNb201 } from '../core/spaces/nb201';
import type { Cell, SpaceId } from '../core/spaces/types';
import { buildCalibration, type CalibrationTable } from '../core/surrogate/calibration';
import type { Surrogate } from '../core/surrogate/surrogate';
import { readNb101Space } from './nb101-space-file';

export interface CalibrationOptions {
  /** nb101_space.csv.gz, for NB-101 models. */
  readonly nb101SpaceFile?: string;
  /** NB-101: score every k-th cell of the space file only (default 1: all of them). */
  readonly nb101Stride?: number;
  /** Uniformly sampled DARTS cells (default 100,000). */
  readonly dartsSamples?: number;
  readonly seed?: number;
  /** Called with (cells scored, total) now and then. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Cells in the whole space (the spaces' own counts), for predicted ranks. */
export function spaceSize(space: SpaceId): number {
  const size = getSpace(space).size;
  if (!size) throw new Error(`the ${space} space does not state its size`);
  return size;
}

const CHUNK = 8192;

/**
 * Scores a reference set and turns the scores into a quantile table: all 15,625 NB-201 cells,
 * all 423,624 NB-101 cells (streamed from nb101_space.csv.gz), or uniformly sampled DARTS cells.
 */
export async function calibrate(model: Surrogate, options: CalibrationOptions = {}): Promise<CalibrationTable> {
  const space = model.config.space;
  const scores: number[] = [];
  const score = (cells: Cell[]): void => {
    for (const s of model.predict(cells)) scores.push(s);
  };
  let reference: string;
  if (space === 'nb201') {
    const cells = enumerateNb201();
    for (let i = 0; i < cells.length; i += CHUNK) {
      score(cells.slice(i, i + CHUNK));
      options.onProgress?.(Math.min(i + CHUNK, cells.length), cells.length);
    }
    reference = `all ${cells.length.toLocaleString('en-US')} NB-201 cells`;
  } else if (space === 'nb101') {
    if (!options.nb101SpaceFile) throw new Error('calibrating an NB-101 model needs nb101SpaceFile (nb101_space.csv.gz)');
    const stride = Math.max(1, Math.floor(options.nb101Stride ?? 1));
    let chunk: Cell[] = [];
    let index = 0;
    for await (const row of readNb101Space(options.nb101SpaceFile)) {
      if (index++ % stride !== 0) continue;
      chunk.push(row.cell);
      if (chunk.length === CHUNK) {
        score(chunk);
        chunk = [];
        options.onProgress?.(scores.length, spaceSize('nb101'));
      }
    }
    if (chunk.length) score(chunk);
    options.onProgress?.(scores.length, scores.length);
    reference =
      stride === 1
        ? `all ${scores.length.toLocaleString('en-US')} NB-101 cells of nb101_space.csv.gz`
        : `every ${stride}th of the NB-101 cells of nb101_space.csv.gz (${scores.length.toLocaleString('en-US')})`;
  } else {
    const total = options.dartsSamples ?? 100_000;
    const rng = createRng(options.seed ?? 0);
    for (let done = 0; done < total;) {
      const n = Math.min(CHUNK, total - done);
      score(Array.from({ length: n }, () => darts.sample(rng)));
      done += n;
      options.onProgress?.(done, total);
    }
    reference = `${total.toLocaleString('en-US')} uniformly sampled DARTS cells (seed ${options.seed ?? 0})`;
  }
  return buildCalibration(scores, { space, reference, spaceSize: spaceSize(space) });
}
