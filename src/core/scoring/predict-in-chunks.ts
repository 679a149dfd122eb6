// Scoring many cells with a model in several predict() calls, so that the caller can yield to its
// event loop (or stop) between them: the search worker, the editor's score requests and `nas-lens rank`.
import type { Cell } from '../spaces/types';

/** How many cells go into the next predict() call, and what the last call took. */
export interface ChunkSizer {
  next(): number;
  took(cells: number, ms: number): void;
}

export interface PredictInChunksOptions {
  /** Cells per predict() call: a fixed number, or sized call by call. */
  readonly chunk: number | ChunkSizer;
  /** Asked before every call: true stops, and the cells left get NaN. */
  readonly stop?: () => boolean;
  /** Awaited between two calls (not after the last), e.g. a yield to the event loop. */
  readonly between?: () => Promise<void>;
}

/** The scores of `cells`, in order, from predict() calls of at most `chunk` cells each. */
export async function predictInChunks(
  predict: (cells: readonly Cell[]) => ArrayLike<number>,
  cells: readonly Cell[],
  options: PredictInChunksOptions,
): Promise<number[]> {
  const sizer = typeof options.chunk === 'number' ? undefined : options.chunk;
  const fixed = typeof options.chunk === 'number' ? Math.max(1, Math.floor(options.chunk)) : 0;
  const out = new Array<number>(cells.length).fill(NaN);
  for (let start = 0; start < cells.length;) {
    if (options.stop?.()) break;
    const n = Math.min(sizer ? sizer.next() : fixed, cells.length - start);
    const t0 = performance.now();
    const scores = predict(cells.slice(start, start + n));
    sizer?.took(n, performance.now() - t0);
    for (let k = 0; k < n; k++) out[start + k] = scores[k];
    start += n;
    if (start < cells.length) await options.between?.();
  }
  return out;
}

/**
 * A chunk size that aims each call at `targetMs`: long enough to spread a call's fixed cost (a few ms
 * of kernel launches) over many cells, short enough that a cancel is never kept waiting. It grows at
 * most 2× a call (the first calls pay for warm-up), and only learns from calls of at least half its size.
 */
export function timedChunkSizer(targetMs: number, min: number, max: number): ChunkSizer {
  let size = min;
  return {
    next: () => size,
    took(cells, ms) {
      if (cells < size / 2) return;
      const aim = ms > 0 ? Math.round((cells * targetMs) / ms) : 2 * size;
      size = Math.max(min, Math.min(max, aim, 2 * size));
    },
  };
}
