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
export function spreadsOf(model: ScoringModel, cells: readonly Cell[]): Promise<number[]> {
  return predictInChunks((chunk) => model.surrogate.predictWithSpread(chunk).spreads, cells, {
    chunk: SCORE_CHUNK,
    between: () => new Promise<void>((resolve) => setImmediate(resolve)),
  });
}
