// The best single change of a cell: every neighbour (the space's one-step moves) scored with the
// model the cell is ranked with (in the ranking worker); cached per model and cell. Hashing the
// neighbours is sliced so that a lightbulb request never blocks the extension host.
import { spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { percentileOf, rankOf } from '../../core/surrogate/calibration';
import { timeSlicer } from '../analysis/pipeline';
import type { Ranker } from '../analysis/ranker';
import type { RankModel } from '../models/registry';

export interface BestChange {
  readonly cell: Cell;
  readonly hash: string;
  /** Calibration percentile points gained (new − old; > 0 is better). */
  readonly gain: number;
  readonly percentile: number;
  /** Predicted rank of the changed cell in the whole space. */
  readonly rank: number;
  readonly neighbours: number;
}

const cache = new WeakMap<RankModel, Map<string, BestChange | null>>();

export async function bestSingleChange(ranker: Ranker, model: RankModel, cell: Cell, hash: string): Promise<BestChange | undefined> {
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  const hit = perModel.get(hash);
  if (hit !== undefined) return hit ?? undefined;
  const space = spaceOf(cell);
  const seen = new Set([hash]);
  const candidates: { cell: Cell; hash: string }[] = [];
  const tick = timeSlicer();
  for (const n of space.neighbours(cell)) {
    await tick();
    const h = space.hash(n);
    if (seen.has(h)) continue;
    seen.add(h);
    candidates.push({ cell: n, hash: h });
  }
  let result: BestChange | null = null;
  if (candidates.length) {
    const [own, ...scores] = await ranker.scoresOf(model, [{ cell, hash }, ...candidates]);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    const before = percentileOf(model.calibration, own);
    const after = percentileOf(model.calibration, scores[best]);
    result = { ...candidates[best], gain: after - before, percentile: after, rank: rankOf(model.calibration, scores[best]), neighbours: candidates.length };
  }
  if (perModel.size > 2000) perModel.clear();
  perModel.set(hash, result);
  return result ?? undefined;
}
