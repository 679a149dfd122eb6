// The curves of an oracle-mode search benchmark: per trial, the report value of the best cell found
// so far after each query; over trials, their mean and standard error.
import type { Cell } from '../spaces/types';
import type { ScoredCell } from './types';

/**
 * The report value of the best-scored cell after each query (the first of equal scores stays);
 * NaN before any finite score; a run that ended early keeps its last value up to `length`.
 */
export function bestSoFarCurve<C extends Cell>(history: readonly ScoredCell<C>[], reportOf: (cell: C) => number | undefined, length: number): number[] {
  const curve: number[] = [];
  let bestScore = -Infinity;
  let figure = NaN;
  for (let q = 0; q < length; q++) {
    const entry = history[q];
    if (entry && Number.isFinite(entry.score) && entry.score > bestScore) {
      bestScore = entry.score;
      figure = reportOf(entry.cell) ?? NaN;
    }
    curve.push(figure);
  }
  return curve;
}

/** Per-position mean and standard error over curves of equal length, ignoring NaN entries. */
export function meanCurve(curves: readonly (readonly number[])[]): { mean: number[]; sem: number[] } {
  const length = curves[0]?.length ?? 0;
  const mean: number[] = [];
  const sem: number[] = [];
  for (let q = 0; q < length; q++) {
    const values = curves.map((c) => c[q]).filter((v) => !Number.isNaN(v));
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.length > 1 ? values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) : 0;
    mean.push(m);
    sem.push(Math.sqrt(variance / Math.max(1, values.length)));
  }
  return { mean, sem };
}
