import type { MeasuredCell } from '../results/types';
import { getSpace } from '../spaces';
import { hasErrors, type Cell, type SpaceId } from '../spaces/types';
import { FitInputError } from './types';

/** The user's measurements as a fit reads them: one entry per canonical cell. */
export interface MeasuredSet {
  readonly space: SpaceId;
  readonly metric: string;
  readonly cells: readonly Cell[];
  /** Canonical hashes (recomputed from the cells, not taken from the input). */
  readonly keys: readonly string[];
  /** Mean measured value per cell, higher = better. */
  readonly values: Float32Array;
  readonly runs: number;
}

/**
 * Checks measured cells for a fit: one space, one metric, valid cells, finite means, at least two
 * different values. Entries with the same canonical hash (isomorphic or repeated cells that came
 * in separately) are merged: their means averaged by run count.
 */
export function measuredSet(measured: readonly MeasuredCell[]): MeasuredSet {
  if (measured.length === 0) throw new FitInputError('no measured cells to fit to');
  const space = measured[0].space;
  const metric = measured[0].metric;
  const spaceImpl = getSpace(space);
  if (!spaceImpl) throw new FitInputError(`unknown space ${JSON.stringify(space)}`);
  const byKey = new Map<string, { cell: Cell; sum: number; runs: number }>();
  measured.forEach((m, i) => {
    const where = `measured cell ${i + 1} (${m.hash})`;
    if (m.space !== space) throw new FitInputError(`${where} is a ${m.space} cell; a fit is for one space (${space})`);
    if (m.metric !== metric) throw new FitInputError(`${where} is measured by '${m.metric}'; a fit ranks by one metric ('${metric}')`);
    if (m.cell?.space !== space) throw new FitInputError(`${where} holds no ${space} cell`);
    if (!Number.isFinite(m.mean)) throw new FitInputError(`${where} has a non-finite mean (${m.mean})`);
    const runs = Number.isInteger(m.runs) && m.runs > 0 ? m.runs : 1;
    const issues = (spaceImpl.validate as (c: Cell) => ReturnType<typeof spaceImpl.validate>)(m.cell);
    if (hasErrors(issues)) throw new FitInputError(`${where} is not a valid ${spaceImpl.label} cell: ${issues.find((x) => x.severity === 'error')!.message}`);
    const key = (spaceImpl.hash as (c: Cell) => string)(m.cell);
    const entry = byKey.get(key);
    if (entry) {
      entry.sum += m.mean * runs;
      entry.runs += runs;
    } else byKey.set(key, { cell: m.cell, sum: m.mean * runs, runs });
  });
  const entries = [...byKey];
  const values = Float32Array.from(entries, ([, e]) => e.sum / e.runs);
  if (!values.some((v) => v !== values[0])) throw new FitInputError(`the ${entries.length} measured cells all have the same value: there is nothing to rank`);
  return {
    space,
    metric,
    cells: entries.map(([, e]) => e.cell),
    keys: entries.map(([k]) => k),
    values,
    runs: entries.reduce((s, [, e]) => s + e.runs, 0),
  };
}
