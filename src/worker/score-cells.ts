// Scoring cells for the editor in the worker: NB-201 from the whole-space table the model computed at
// load, else predict() in short chunks with a yield between them (a cancel or another request is never kept waiting).
import { predictInChunks } from '../core/scoring/predict-in-chunks';
import { nb201Index } from '../core/spaces/nb201';
import type { Cell, Nb201Cell } from '../core/spaces/types';
import type { ScoringModel } from './model-cache';

/** Cells per predict() call when scoring for the editor. */
const SCORE_CHUNK = 64;

export async function scoreCells(model: ScoringModel, cells: readonly Cell[]): Promise<number[]> {
  const table = model.nb201Scores;
  if (table) return cells.map((c) => table[nb201Index(c as Nb201Cell)]);
  return predictInChunks((chunk) => model.surrogate.predict(chunk), cells, {
    chunk: SCORE_CHUNK,
    between: () => new Promise<void>((resolve) => setImmediate(resolve)),
  });
}

/** The ensemble's spread per cell (see Surrogate.predictWithSpread), in chunks like scoreCells. */
export async function spreadsOf(model: ScoringModel, cells: readonly Cell[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < cells.length; i += SCORE_CHUNK) {
    if (i > 0) await new Promise<void>((r) => setImmediate(r));
    out.push(...model.surrogate.predictWithSpread(cells.slice(i, i + SCORE_CHUNK)).spreads);
  }
  return out;
}
